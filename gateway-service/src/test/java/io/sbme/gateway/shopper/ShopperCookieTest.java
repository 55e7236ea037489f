package io.sbme.gateway.shopper;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The signed storefront cookie, without Spring. */
class ShopperCookieTest {

    private final ShopperCookie cookies = new ShopperCookie("a-secret-of-enough-length");

    @Test
    void mintsUserIdsOf128RandomBitsInHex() {
        String first = cookies.newUserId();
        String second = cookies.newUserId();

        assertThat(first).matches("u-[0-9a-f]{32}");
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void readsBackTheUserIdOfItsOwnCookie() {
        String userId = cookies.newUserId();

        assertThat(cookies.userIdOf(cookies.valueFor(userId))).contains(userId);
    }

    @Test
    void refusesACookieSignedWithAnotherSecret() {
        String userId = cookies.newUserId();
        String foreign = new ShopperCookie("another-secret-of-enough-length").valueFor(userId);

        assertThat(cookies.userIdOf(foreign)).isEmpty();
    }

    @Test
    void refusesAlteredAndMalformedValues() {
        String value = cookies.valueFor("u-0123456789abcdef0123456789abcdef");
        String altered = "u-0123456789abcdef0123456789abcdee" + value.substring(value.indexOf('.'));

        assertThat(cookies.userIdOf(altered)).isEmpty();
        assertThat(cookies.userIdOf(value + "x")).isEmpty();
        assertThat(cookies.userIdOf("u-0123456789abcdef0123456789abcdef")).isEmpty();
        assertThat(cookies.userIdOf("u-0123456789abcdef0123456789abcdef.!!")).isEmpty();
        assertThat(cookies.userIdOf("")).isEmpty();
        assertThat(cookies.userIdOf(null)).isEmpty();
        assertThat(cookies.userIdOf("x".repeat(5000))).isEmpty();
    }

    @Test
    void clearedCookieExpiresAtOnce() {
        assertThat(ShopperCookie.cleared(true).getMaxAge()).isZero();
        assertThat(ShopperCookie.cleared(true).isSecure()).isTrue();
    }
}
