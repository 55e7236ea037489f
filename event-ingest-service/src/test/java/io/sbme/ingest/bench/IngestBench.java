package io.sbme.ingest.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A load program (not a test) for the batch event API of a running stack. JDK only, so it runs as
 * a single source file:
 *
 * <pre>
 * # through the gateway (what integrations do)
 * java event-ingest-service/src/test/java/io/sbme/ingest/bench/IngestBench.java \
 *      --url http://localhost:8080 --key "$SBME_INGEST_API_KEY" --batches 200 --size 1000 --threads 4
 * # straight at the service: also mints the gateway's SERVICE token from the shared secret
 * java .../IngestBench.java --url http://localhost:8081 --key "$SBME_INGEST_API_KEY" --secret "$SBME_INTERNAL_SECRET"
 * # single events through the gateway, as 300 storefront sessions (cookie identity; minted at the 20/s the gateway allows one address)
 * java .../IngestBench.java --url http://localhost:8080 --single 20000 --sessions 300 --threads 16
 * # single events (storefront path) straight at the service, as SHOPPER tokens
 * java .../IngestBench.java --url http://localhost:8081 --secret "$SBME_INTERNAL_SECRET" --single 20000 --threads 8
 * # the same through the JDK's HttpClient instead of the lean socket client
 * java .../IngestBench.java --url http://localhost:8080 --single 20000 --sessions 300 --threads 64 --client jdk
 * </pre>
 *
 * Single events go over plain keep-alive HTTP/1.1 sockets by default (see
 * {@link #singleOverSockets}); batches always through the JDK's HttpClient. Prints events/s, the
 * 202 count and any other statuses.
 */
public final class IngestBench {

    private IngestBench() {
    }

    public static void main(String[] args) throws Exception {
        String url = arg(args, "--url", "http://localhost:8080");
        String key = arg(args, "--key", "local-ingest-key");
        String secret = arg(args, "--secret", null);
        int batches = Integer.parseInt(arg(args, "--batches", "100"));
        int size = Integer.parseInt(arg(args, "--size", "1000"));
        int threads = Integer.parseInt(arg(args, "--threads", "4"));
        int single = Integer.parseInt(arg(args, "--single", "0"));
        int sessions = Integer.parseInt(arg(args, "--sessions", "0"));
        String client = arg(args, "--client", "socket");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicLong accepted = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> cookies = sessions(http, url, sessions);
        long started = System.nanoTime();
        long events;
        if (single > 0 && !"jdk".equals(client)) {
            events = single;
            singleOverSockets(URI.create(url), single, threads, cookies, secret, run, accepted, failed);
        } else {
            events = single > 0 ? single : (long) batches * size;
            jdkClient(http, url, key, secret, batches, size, threads, single, cookies, run, accepted, failed);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("%d events in %.2f s = %.0f events/s; accepted %d, failed %d%n", events, seconds,
                events / seconds, accepted.get(), failed.get());
    }

    /** Each request through the JDK's HttpClient: the batch mode, and single events with {@code --client jdk}. */
    private static void jdkClient(HttpClient http, String url, String key, String secret, int batches, int size,
                                  int threads, int single, List<String> cookies, String run, AtomicLong accepted,
                                  AtomicLong failed) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> work = new ArrayList<>();
            if (single > 0) {
                for (int i = 0; i < single; i++) {
                    int n = i;
                    String cookie = cookies.isEmpty() ? null : cookies.get(n % cookies.size());
                    work.add(pool.submit(() -> send(http, url + "/api/v1/events", null, cookie,
                            secret == null ? null : token(secret, "SHOPPER", "u-bench" + run + (n % 500)),
                            """
                            {"type":"view_product","eventId":"bench-%s-%d","properties":{"product_id":"p-%d","price":10}}"""
                                    .formatted(run, n, n % 50), accepted, failed, 1)));
                }
            } else {
                for (int b = 0; b < batches; b++) {
                    StringBuilder body = new StringBuilder("{\"events\":[");
                    for (int i = 0; i < size; i++) {
                        if (i > 0) {
                            body.append(',');
                        }
                        body.append("""
                                {"type":"Product Viewed","userId":"u-bench%s%d","messageId":"bench-%s-%d-%d","properties":{"product_id":"p-%d","price":12.5,"currency":"INR"}}"""
                                .formatted(run, i % 500, run, b, i, i % 50));
                    }
                    String payload = body.append("]}").toString();
                    work.add(pool.submit(() -> send(http, url + "/api/v1/events/batch", key, null,
                            secret == null ? null : token(secret, "SERVICE", "ingest-bench"), payload, accepted, failed, size)));
                }
            }
            for (Future<?> f : work) {
                f.get();
            }
        }
    }

    /**
     * Single events over plain keep-alive HTTP/1.1 sockets, one per client thread. The JDK's
     * HttpClient costs about half a millisecond of CPU per request, a fifth of what a single event
     * costs the whole stack; on one machine that is CPU the stack then lacks. Production load
     * comes from shoppers' browsers on other machines, so the lean client measures the stack
     * rather than the client ({@code --client jdk} keeps the old way).
     */
    private static void singleOverSockets(URI url, int single, int threads, List<String> cookies, String secret,
                                          String run, AtomicLong accepted, AtomicLong failed) throws Exception {
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    try (RawConnection connection = new RawConnection(url)) {
                        for (int n = next.getAndIncrement(); n < single; n = next.getAndIncrement()) {
                            String cookie = cookies.isEmpty() ? null : cookies.get(n % cookies.size());
                            String token = secret == null ? null : token(secret, "SHOPPER", "u-bench" + run + (n % 500));
                            String body = """
                                    {"type":"view_product","eventId":"bench-%s-%d","properties":{"product_id":"p-%d","price":10}}"""
                                    .formatted(run, n, n % 50);
                            try {
                                int status = connection.post("/api/v1/events", cookie, token, body);
                                if (status == 202) {
                                    accepted.incrementAndGet();
                                } else {
                                    failed.incrementAndGet();
                                    System.err.println(status + " " + connection.lastBody());
                                }
                            } catch (IOException e) {
                                failed.incrementAndGet();
                                System.err.println(e);
                                connection.reset();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        }
    }

    /** One keep-alive HTTP/1.1 connection: writes a POST, reads the status and the whole answer. */
    private static final class RawConnection implements AutoCloseable {

        private final URI url;
        private final String authority;
        private Socket socket;
        private InputStream in;
        private OutputStream out;
        private final ByteArrayOutputStream request = new ByteArrayOutputStream(512);
        private byte[] body = new byte[0];
        private int bodyLength;

        RawConnection(URI url) {
            this.url = url;
            this.authority = url.getHost() + ":" + url.getPort();
        }

        int post(String path, String cookie, String token, String json) throws IOException {
            if (socket == null) {
                socket = new Socket(url.getHost(), url.getPort());
                socket.setTcpNoDelay(true);
                in = new BufferedInputStream(socket.getInputStream(), 8192);
                out = socket.getOutputStream();
            }
            byte[] payload = json.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(256).append("POST ").append(path).append(" HTTP/1.1\r\nHost: ")
                    .append(authority).append("\r\nContent-Type: application/json\r\nContent-Length: ")
                    .append(payload.length).append("\r\n");
            if (cookie != null) {
                head.append("Cookie: ").append(cookie).append("\r\n");
            }
            if (token != null) {
                head.append("X-Sbme-Identity: ").append(token).append("\r\n");
            }
            head.append("\r\n");
            request.reset();
            request.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            request.writeBytes(payload);
            request.writeTo(out);
            out.flush();
            return readAnswer();
        }

        private int readAnswer() throws IOException {
            String statusLine = line();
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                String name = header.substring(0, colon).trim();
                String value = header.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    length = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                    chunked = value.equalsIgnoreCase("chunked");
                } else if (name.equalsIgnoreCase("Connection")) {
                    close = value.equalsIgnoreCase("close");
                }
            }
            bodyLength = 0;
            if (chunked) {
                for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
                     size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                    readBody(size);
                    line();
                }
                for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
                    // trailers carry nothing we need
                }
            } else if (length > 0) {
                readBody((int) length);
            }
            if (close) {
                reset();
            }
            return status;
        }

        private void readBody(int size) throws IOException {
            if (body.length < bodyLength + size) {
                body = java.util.Arrays.copyOf(body, Math.max(bodyLength + size, body.length * 2));
            }
            int read = in.readNBytes(body, bodyLength, size);
            if (read < size) {
                throw new EOFException("answer ended early");
            }
            bodyLength += size;
        }

        private String line() throws IOException {
            StringBuilder text = new StringBuilder(64);
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new EOFException("connection closed");
                }
                if (b != '\r') {
                    text.append((char) b);
                }
            }
            return text.toString();
        }

        String lastBody() {
            return new String(body, 0, bodyLength, StandardCharsets.UTF_8);
        }

        void reset() {
            close();
            socket = null;
        }

        @Override
        public void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a connection we no longer use; nothing to do
                }
            }
        }
    }

    /**
     * Storefront sessions minted by the gateway; their cookies identify the senders of single events.
     * The gateway limits how fast one address mints them (20/s), so this waits out each 429.
     */
    private static List<String> sessions(HttpClient http, String url, int count) throws Exception {
        List<String> cookies = new ArrayList<>();
        while (cookies.size() < count) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/session"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 429) {
                Thread.sleep(1000 * Long.parseLong(answer.headers().firstValue("Retry-After").orElse("1")));
                continue;
            }
            answer.headers().firstValue("Set-Cookie").map(c -> c.substring(0, c.indexOf(';'))).ifPresent(cookies::add);
        }
        return cookies;
    }

    private static void send(HttpClient http, String url, String key, String cookie, String token, String body,
                             AtomicLong accepted, AtomicLong failed, int events) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if (key != null) {
            request.header("X-Api-Key", key);
        }
        if (token != null) {
            request.header("X-Sbme-Identity", token);
        }
        try {
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 202) {
                accepted.addAndGet(events);
            } else {
                failed.addAndGet(events);
                System.err.println(answer.statusCode() + " " + answer.body());
            }
        } catch (Exception e) {
            failed.addAndGet(events);
            System.err.println(e);
        }
    }

    /** The gateway token format of service-support's GatewayToken, minted here so the bench needs no classpath. */
    private static String token(String secret, String role, String subject) {
        try {
            long expires = System.currentTimeMillis() / 1000 + 3600;
            byte[] body = (role + "|" + subject + "|" + expires).getBytes(StandardCharsets.UTF_8);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            return b64.encodeToString(body) + "." + b64.encodeToString(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
