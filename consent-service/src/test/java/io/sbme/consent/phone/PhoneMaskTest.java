package io.sbme.consent.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PhoneMaskTest {

    @Test
    void showsTheCountryCodeOneBulletPerHiddenDigitAndTheLastFour() {
        assertThat(PhoneMask.mask(91, "9876549721")).isEqualTo("+91 ••••••9721");
    }

    @Test
    void keepsAtLeastThreeDigitsOfAVeryShortNumberHidden() {
        assertThat(PhoneMask.mask(690, "7290")).isEqualTo("+690 •••0");
        assertThat(PhoneMask.mask(683, "12345")).isEqualTo("+683 •••45");
        assertThat(PhoneMask.mask(354, "6111234")).isEqualTo("+354 •••1234");
    }

    @Test
    void refusesNonDigits() {
        assertThatThrownBy(() -> PhoneMask.mask(91, "98765x9721")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsTheLastDigitsBackFromAMask() {
        assertThat(PhoneMask.lastDigits("+91 ••••••9721")).isEqualTo("9721");
        assertThat(PhoneMask.lastDigits(null)).isEmpty();
    }
}
