package io.sbme.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/** Finds free loopback ports, never handing out the same one twice in a run. */
final class Ports {

    private final Set<Integer> taken = new HashSet<>();

    /** The given port if it is free, else the next free one above it. */
    synchronized int nextFree(int preferred) {
        for (int port = preferred; port < Math.min(preferred + 500, 65535); port++) {
            if (!taken.contains(port) && isFree(port)) {
                taken.add(port);
                return port;
            }
        }
        throw new IllegalStateException("no free port at or above " + preferred);
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
