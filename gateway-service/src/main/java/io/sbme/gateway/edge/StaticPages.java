package io.sbme.gateway.edge;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import java.net.URI;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * The entry pages of the frontend jar: {@code /} is the storefront and {@code /admin/} the admin
 * panel ({@code /admin} redirects there). Every other file (css, js, images) is served by Boot's static resource handling from
 * {@code classpath:/static/}.
 */
@Configuration(proxyBeanMethods = false)
class StaticPages {

    @Bean
    RouterFunction<ServerResponse> entryPages() {
        Resource storefront = new ClassPathResource("static/index.html");
        Resource admin = new ClassPathResource("static/admin/index.html");
        return route(GET("/"), request -> page(storefront))
                .andRoute(GET("/admin/"), request -> page(admin))
                // A redirect rather than the page itself, so the page's relative links resolve under /admin/.
                .andRoute(GET("/admin"), request -> ServerResponse.status(HttpStatus.FOUND).location(URI.create("/admin/")).build());
    }

    private static Mono<ServerResponse> page(Resource resource) {
        if (!resource.exists()) {
            return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND));
        }
        // Pages are revalidated on every load so a new deployment is picked up at once.
        return ServerResponse.ok().contentType(MediaType.TEXT_HTML).cacheControl(CacheControl.noCache()).bodyValue(resource);
    }
}
