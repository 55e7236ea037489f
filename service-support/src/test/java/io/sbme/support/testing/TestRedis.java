package io.sbme.support.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import redis.embedded.RedisServer;

/**
 * A real Redis server for integration tests, one per test JVM: Debian's {@code redis-server} when
 * it is on the PATH, else the binary that the embedded-redis jar ships. Never a mock.
 */
public final class TestRedis {

    private static int port;

    private TestRedis() {
    }

    /** Starts the server on first use and answers its port. */
    public static synchronized int port() {
        if (port == 0) {
            port = start();
        }
        return port;
    }

    /**
     * How many client connections the server has accepted since it started ({@code INFO stats}), so a
     * test can tell that a path reuses its connection rather than opening one per call. Asked over a
     * connection of its own, which counts too.
     */
    public static long connectionsReceived() {
        try (Socket socket = new Socket("127.0.0.1", port())) {
            socket.getOutputStream().write("INFO stats\r\n".getBytes(StandardCharsets.US_ASCII));
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("total_connections_received:")) {
                    return Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
                }
            }
            throw new IllegalStateException("INFO stats did not report total_connections_received");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int start() {
        try {
            int free;
            try (ServerSocket socket = new ServerSocket(0)) {
                free = socket.getLocalPort();
            }
            Path system = Path.of("/usr/bin/redis-server");
            if (Files.isExecutable(system)) {
                Process process = new ProcessBuilder(system.toString(), "--port", String.valueOf(free),
                        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
                awaitListening(free);
            } else {
                RedisServer server = RedisServer.newRedisServer().port(free).setting("bind 127.0.0.1")
                        .setting("save \"\"").build();
                server.start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        server.stop();
                    } catch (IOException ignored) {
                        // the JVM is exiting; the child dies with it
                    }
                }));
            }
            return free;
        } catch (IOException e) {
            throw new IllegalStateException("could not start Redis for tests", e);
        }
    }

    private static void awaitListening(int port) throws IOException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (var socket = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.onSpinWait();
            }
        }
        throw new IOException("redis-server did not listen on " + port);
    }
}
