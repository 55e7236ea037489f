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
    /** Stops the running server; null while none runs. */
    private static Runnable stopper;
    private static Path dir;

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
     * Stops the server, as in a Redis outage: clients are refused until {@link #restart()}. What it
     * holds is saved first and loaded again at the restart, as a Redis with persistence does.
     */
    public static synchronized void stop() {
        if (stopper != null) {
            command("SAVE");
            stopper.run();
            stopper = null;
        }
    }

    /** Starts the server again on the same port, with what it held when stopped. */
    public static synchronized void restart() {
        stop();
        start(port);
    }

    /**
     * How many client connections the server has accepted since it started ({@code INFO stats}), so a
     * test can tell that a path reuses its connection rather than opening one per call. Asked over a
     * connection of its own, which counts too.
     */
    public static long connectionsReceived() {
        String stats = command("INFO stats");
        for (String line : stats.split("\r\n")) {
            if (line.startsWith("total_connections_received:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        throw new IllegalStateException("INFO stats did not report total_connections_received");
    }

    /** Sends one inline command over a connection of its own and answers the reply's text. */
    private static String command(String command) {
        try (Socket socket = new Socket("127.0.0.1", port())) {
            socket.getOutputStream().write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String first = in.readLine();
            if (first == null || first.startsWith("-")) {
                throw new IllegalStateException(command + " failed: " + first);
            }
            if (!first.startsWith("$")) {
                return first;
            }
            char[] body = new char[Integer.parseInt(first.substring(1))];
            for (int read = 0; read < body.length; ) {
                read += in.read(body, read, body.length - read);
            }
            return new String(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int start() {
        int free;
        try (ServerSocket socket = new ServerSocket(0)) {
            free = socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("could not find a port for Redis", e);
        }
        return start(free);
    }

    private static int start(int free) {
        try {
            Path system = Path.of("/usr/bin/redis-server");
            if (Files.isExecutable(system)) {
                Process process = new ProcessBuilder(system.toString(), "--port", String.valueOf(free),
                        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir().toString())
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
                stopper = () -> {
                    process.destroy();
                    awaitExit(process);
                };
                awaitListening(free);
            } else {
                RedisServer server = RedisServer.newRedisServer().port(free).setting("bind 127.0.0.1")
                        .setting("save \"\"").setting("dir " + dir()).build();
                server.start();
                Runnable stop = () -> {
                    try {
                        server.stop();
                    } catch (IOException ignored) {
                        // the JVM is exiting, or the test stops it on purpose; the child dies either way
                    }
                };
                Runtime.getRuntime().addShutdownHook(new Thread(stop));
                stopper = stop;
            }
            return free;
        } catch (IOException e) {
            throw new IllegalStateException("could not start Redis for tests", e);
        }
    }

    /** Where a stopped server leaves what it held for its restart; one per test JVM. */
    private static Path dir() throws IOException {
        if (dir == null) {
            dir = Files.createTempDirectory("test-redis-");
            dir.toFile().deleteOnExit();
        }
        return dir;
    }

    private static void awaitExit(Process process) {
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
