package fr.maillage.workspace;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where the bytes of workspace files live, addressed by their SHA-256 (lower-case hex): the same
 * content is stored once. The disk implementation ({@link DiskFileStore}) is the only one today;
 * an object store would implement the same four operations. Rows in PostgreSQL say which
 * workspace holds which content under which name.
 */
public interface FileStore {

    /** What {@link #put} stored. */
    record Stored(String sha256, long size) {
    }

    /** The verified bytes of a stored content, to be read once and closed. */
    record Opened(InputStream content, long size) {
    }

    /**
     * Reads {@code content} to its end and stores it under its SHA-256, or throws
     * {@link TooLarge} as soon as more than {@code maxBytes} were read (nothing is kept). The
     * content becomes visible all at once (written aside, then moved into place).
     */
    Stored put(InputStream content, long maxBytes) throws IOException;

    /**
     * Opens a stored content after checking that it still hashes to {@code sha256}; throws
     * {@link Corrupt} when it does not and {@link java.nio.file.NoSuchFileException} when it is gone.
     */
    Opened open(String sha256) throws IOException;

    boolean exists(String sha256);

    void delete(String sha256) throws IOException;

    /** More than the allowed bytes were sent. */
    final class TooLarge extends IOException {
        public TooLarge(long maxBytes) {
            super("more than " + maxBytes + " bytes");
        }
    }

    /** The stored bytes no longer match their checksum. */
    final class Corrupt extends IOException {
        public Corrupt(String expected, String actual) {
            super("stored content hashes to " + actual + ", expected " + expected);
        }
    }
}
