package io.sbme.gateway.shopper;

import io.sbme.gateway.ClientRequests;
import io.sbme.support.identity.IdentityProperties;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/session}: gives the browser its anonymous storefront identity, or confirms the one it has. */
@RestController
class SessionController {

    private final ShopperCookie cookies;

    SessionController(ShopperCookie cookies) {
        this.cookies = cookies;
    }

    @PostMapping("/api/v1/session")
    ResponseEntity<Map<String, String>> session(ServerHttpRequest request) {
        Optional<String> known = cookies.userIdOf(ClientRequests.cookie(request, ShopperCookie.NAME));
        String userId = known.orElseGet(cookies::newUserId);
        // Set again on reuse too, which renews the cookie's lifetime.
        return ResponseEntity.status(known.isPresent() ? HttpStatus.OK : HttpStatus.CREATED).cacheControl(CacheControl.noStore())
                .header(HttpHeaders.SET_COOKIE, cookies.cookie(userId, ClientRequests.isHttps(request)).toString())
                .body(Map.of("userId", userId));
    }

    /** The one cookie signer, keyed from the internal secret every gateway instance shares. */
    @Configuration(proxyBeanMethods = false)
    static class Wiring {

        @Bean
        ShopperCookie shopperCookie(IdentityProperties identity) {
            return new ShopperCookie(identity.internalSecret());
        }
    }
}
