package io.sbme.support.poison;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small memory-mapped file that says, per consumer partition, which record is being processed
 * and how many times processing of it has started without finishing.
 *
 * <p>A write to a mapped page is in the kernel's page cache as soon as it is made, so the mark
 * outlives the process however it ends (an exit on out-of-memory, {@code kill -9}); it costs a few
 * memory writes per record, no system call. The file lives on the pod's own disk (its
 * {@code emptyDir}), which a container restart keeps.
 */
final class InProgressMarks implements AutoCloseable {

    /** A record that was being processed when the previous process ended. */
    record Interrupted(String partition, long offset, long timestamp, int starts) {
    }

    private static final int MAGIC = 0x53424d31; // "SBM1"
    private static final int HEADER = 16;
    static final int SLOTS = 1024;
    private static final int SLOT_SIZE = 256;
    private static final int NAME_MAX = SLOT_SIZE - 32;
    // Slot layout: state int, starts int, offset long, timestamp long, name length short, name bytes.
    private static final int STATE = 0;
    private static final int STARTS = 4;
    private static final int OFFSET = 8;
    private static final int TIMESTAMP = 16;
    private static final int NAME_LENGTH = 24;
    private static final int NAME = 26;
    private static final int EMPTY = 0;
    private static final int IN_PROGRESS = 1;
    private static final int DONE = 2;

    private final FileChannel channel;
    private final MappedByteBuffer map;
    private final Map<String, Integer> slots = new ConcurrentHashMap<>();
    private final List<Interrupted> interrupted = new ArrayList<>();
    private int used;

    private InProgressMarks(FileChannel channel, MappedByteBuffer map) {
        this.channel = channel;
        this.map = map;
    }

    /** Opens (or creates) the file and reads which records the previous process left unfinished. */
    static InProgressMarks open(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            long size = HEADER + (long) SLOTS * SLOT_SIZE;
            boolean fresh = channel.size() != size;
            MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
            InProgressMarks marks = new InProgressMarks(channel, map);
            if (fresh || map.getInt(0) != MAGIC) {
                marks.clear();
            } else {
                marks.load();
            }
            return marks;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the in-progress marks at " + file, e);
        }
    }

    /** Records that processing of one record starts; returns how many times it has started unfinished. */
    int begin(String partition, long offset, long timestamp) {
        Integer slot = slot(partition);
        if (slot == null) {
            return 1;
        }
        int base = base(slot);
        boolean same = map.getInt(base + STATE) == IN_PROGRESS && map.getLong(base + OFFSET) == offset
                && map.getLong(base + TIMESTAMP) == timestamp;
        int starts = same ? map.getInt(base + STARTS) + 1 : 1;
        map.putInt(base + STARTS, starts);
        map.putLong(base + OFFSET, offset);
        map.putLong(base + TIMESTAMP, timestamp);
        map.putInt(base + STATE, IN_PROGRESS);
        return starts;
    }

    /** Records that processing of the partition's current record ended, whichever way. */
    void end(String partition) {
        Integer slot = slots.get(partition);
        if (slot != null) {
            map.putInt(base(slot) + STATE, DONE);
        }
    }

    /** The records the previous process was processing when it ended. */
    List<Interrupted> interrupted() {
        return List.copyOf(interrupted);
    }

    @Override
    public void close() {
        try {
            map.force();
            channel.close();
        } catch (IOException e) {
            // Closing at shutdown: the marks already reached the page cache.
        }
    }

    private Integer slot(String partition) {
        Integer slot = slots.get(partition);
        if (slot != null) {
            return slot;
        }
        synchronized (this) {
            slot = slots.get(partition);
            if (slot != null || used >= SLOTS) {
                return slot;
            }
            byte[] name = partition.getBytes(StandardCharsets.UTF_8);
            if (name.length > NAME_MAX) {
                return null;
            }
            int base = base(used);
            map.putInt(base + STATE, EMPTY);
            map.putShort(base + NAME_LENGTH, (short) name.length);
            map.put(base + NAME, name);
            slots.put(partition, used);
            return used++;
        }
    }

    private void load() {
        for (int slot = 0; slot < SLOTS; slot++) {
            int base = base(slot);
            int length = map.getShort(base + NAME_LENGTH);
            if (length <= 0 || length > NAME_MAX) {
                break;
            }
            byte[] name = new byte[length];
            map.get(base + NAME, name);
            String partition = new String(name, StandardCharsets.UTF_8);
            slots.put(partition, slot);
            used = slot + 1;
            if (map.getInt(base + STATE) == IN_PROGRESS) {
                interrupted.add(new Interrupted(partition, map.getLong(base + OFFSET), map.getLong(base + TIMESTAMP),
                        map.getInt(base + STARTS)));
            }
        }
    }

    private void clear() {
        for (int i = 0; i < HEADER + SLOTS * SLOT_SIZE; i += 8) {
            map.putLong(i, 0L);
        }
        map.putInt(0, MAGIC);
    }

    private static int base(int slot) {
        return HEADER + slot * SLOT_SIZE;
    }
}
