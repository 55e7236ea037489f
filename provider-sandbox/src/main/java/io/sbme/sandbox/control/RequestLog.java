package io.sbme.sandbox.control;

import io.sbme.sandbox.SandboxProperties;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.springframework.stereotype.Component;

/** The provider requests received, oldest first, bounded to the last {@code sandbox.max-requests}. */
@Component
public class RequestLog {

    private final Deque<RecordedRequest> requests = new ArrayDeque<>();
    private final int capacity;

    RequestLog(SandboxProperties properties) {
        this.capacity = properties.maxRequests();
    }

    public synchronized void add(RecordedRequest request) {
        if (requests.size() == capacity) {
            requests.removeFirst();
        }
        requests.addLast(request);
    }

    /** Requests received at or after {@code sinceMillis}, in the order they arrived. */
    public synchronized List<RecordedRequest> since(long sinceMillis) {
        return requests.stream().filter(r -> r.receivedAt() >= sinceMillis).toList();
    }

    public synchronized void clear() {
        requests.clear();
    }
}
