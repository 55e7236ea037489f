package io.sbme.localstack;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A process the launcher started, with its log file and a way to wait until it is ready; once
 * supervised, it is started again with the same command whenever it exits without being asked to.
 */
final class ChildProcess {

    private final String name;
    private final ProcessBuilder builder;
    private final Path log;
    private final AtomicInteger restarts = new AtomicInteger();
    private volatile Process process;
    private volatile long startedNanos;
    private volatile boolean stopping;

    private ChildProcess(String name, ProcessBuilder builder, Path log) throws IOException {
        this.name = name;
        this.builder = builder;
        this.log = log;
        launch();
    }

    static ChildProcess start(String name, List<String> command, Map<String, String> env, Path workDir, Path logDir)
            throws IOException {
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        // Appended to, so a restarted child's log keeps what its predecessor wrote before it died.
        Files.deleteIfExists(log);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        return new ChildProcess(name, builder, log);
    }

    private void launch() throws IOException {
        process = builder.start();
        startedNanos = System.nanoTime();
    }

    /**
     * Watches the child on a thread of its own and starts it again after each unexpected exit,
     * waiting as the policy says; {@code say} gets one line per restart, {@code giveUp} the reason
     * when the child keeps failing.
     */
    void supervise(RestartBackoff policy, Consumer<String> say, Consumer<String> giveUp) {
        Thread.ofVirtual().name("supervise-" + name).start(() -> {
            int attempt = 0;
            while (!stopping) {
                Process watched = process;
                int exit;
                try {
                    exit = watched.waitFor();
                } catch (InterruptedException e) {
                    return;
                }
                if (stopping) {
                    return;
                }
                attempt = policy.attempt(attempt, Duration.ofNanos(System.nanoTime() - startedNanos));
                if (policy.givesUp(attempt)) {
                    giveUp.accept(name + " exited with " + exit + " " + (attempt - 1)
                            + " times in a row; giving up (see " + log + ")");
                    return;
                }
                Duration delay = policy.delay(attempt);
                say.accept(name + " exited unexpectedly with code " + exit + "; restart " + (restarts.get() + 1)
                        + " in " + delay.toSeconds() + " s (log: " + log + ")");
                try {
                    // The backoff between restarts, not a wait for a result.
                    Thread.sleep(delay);
                    synchronized (this) {
                        if (stopping) {
                            return;
                        }
                        launch();
                        restarts.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (IOException e) {
                    giveUp.accept(name + " could not be started again: " + e.getMessage());
                    return;
                }
            }
        });
    }

    /** How many times the supervisor started this child again. */
    int restarts() {
        return restarts.get();
    }

    /** Kills the running process at once (SIGKILL), as a crash or an OOM kill would; supervision restarts it. */
    void kill() {
        Process current = process;
        current.descendants().forEach(ProcessHandle::destroyForcibly);
        current.destroyForcibly();
        try {
            current.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Waits until the URL answers 200, failing early if the process dies. */
    void awaitHttpOk(String url, Duration timeout) {
        awaitReady(timeout, false, httpOk(url));
    }

    /** Waits until the URL answers 200, through any restarts on the way. */
    void awaitHttpOkThroughRestarts(String url, Duration timeout) {
        awaitReady(timeout, true, httpOk(url));
    }

    /** Waits until the port accepts connections, through any restarts on the way. */
    void awaitPortThroughRestarts(int port, Duration timeout) {
        awaitReady(timeout, true, portOpen(port));
    }

    private static Probe httpOk(String url) {
        return () -> {
            HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2000);
            try {
                return connection.getResponseCode() == 200;
            } finally {
                connection.disconnect();
            }
        };
    }

    /** Waits until the port accepts connections, failing early if the process dies. */
    void awaitPort(int port, Duration timeout) {
        awaitReady(timeout, false, portOpen(port));
    }

    private static Probe portOpen(int port) {
        return () -> {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return true;
            }
        };
    }

    private void awaitReady(Duration timeout, boolean throughRestarts, Probe probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Process process = this.process;
            if (!throughRestarts && !process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (probe.ready()) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            try {
                // Polling interval of a readiness probe, not a wait for a result; a child between
                // restarts has no process to wait on.
                if (!process.waitFor(200, TimeUnit.MILLISECONDS) || !throughRestarts) {
                    continue;
                }
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
        }
        throw new IllegalStateException(name + " not ready within " + timeout.toSeconds() + " s; see " + log);
    }

    /** Asks the process to stop (SIGTERM, so Spring shuts down gracefully), then kills it. */
    void stop(Duration grace) {
        Process process;
        synchronized (this) {
            stopping = true;
            process = this.process;
        }
        if (!process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private interface Probe {
        boolean ready() throws IOException;
    }
}
