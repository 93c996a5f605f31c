package dev.taskhost.bench;

import java.nio.ByteBuffer;

/**
 * The benchmark's 64-byte payloads. A payload carries a sequence number and a {@link System#nanoTime()}
 * reading, so that a worker can tell which task it runs and how long ago it was enqueued.
 */
final class Payloads {

    /** The payload size of every task the benchmark makes, as the issue asks. */
    static final int SIZE = 64;

    private Payloads() {
    }

    /** A payload carrying {@code index} and {@code nanos}; the rest is filler. */
    static byte[] of(long index, long nanos) {
        ByteBuffer buffer = ByteBuffer.allocate(SIZE);
        buffer.putLong(index).putLong(nanos);
        while (buffer.hasRemaining()) {
            buffer.put((byte) (buffer.position() * 31));
        }
        return buffer.array();
    }

    /** The sequence number of a payload made by {@link #of}. */
    static long index(byte[] payload) {
        return ByteBuffer.wrap(payload).getLong(0);
    }

    /** The nanos reading of a payload made by {@link #of}. */
    static long nanos(byte[] payload) {
        return ByteBuffer.wrap(payload).getLong(Long.BYTES);
    }
}
