package io.sbme.gateway.edge;

import io.netty.channel.EventLoop;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

/** Brings a request's work back to the Netty event loop the request arrived on. */
final class RequestLoops {

    private static final Map<EventLoop, Scheduler> SCHEDULERS = new ConcurrentHashMap<>();

    private RequestLoops() {
    }

    /**
     * The answer of a call that completes on another client's I/O thread (Redis's: one thread for
     * the shared connection), delivered on the request's own loop instead. Without this, what follows
     * (routing, the proxied call, the response) would run on that one thread for every request and be
     * handed from thread to thread at each step; on the request's loop the proxied connection is
     * taken from the same loop and nothing changes threads again.
     */
    static <T> Mono<T> backOnLoop(Mono<T> answer, ServerHttpRequest request) {
        Object nativeRequest;
        try {
            nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request);
        } catch (IllegalArgumentException notNetty) {
            return answer;
        }
        if (!(nativeRequest instanceof Connection connection)) {
            return answer;
        }
        return answer.publishOn(SCHEDULERS.computeIfAbsent(connection.channel().eventLoop(), Schedulers::fromExecutor));
    }
}
