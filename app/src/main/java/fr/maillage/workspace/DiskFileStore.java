package fr.maillage.workspace;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Workspace files on the local disk, under {@code maillage.data-dir}/files: each content at
 * {@code <first two hex digits>/<sha256>}. A content is written to {@code tmp/} first, flushed
 * to disk, then renamed into place, so a reader never sees half a file and a crash leaves at
 * worst a temporary file. Several nodes need this directory shared (or another FileStore).
 */
@Singleton
public class DiskFileStore implements FileStore {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final int CHUNK = 64 * 1024;
    private final Path root;

    DiskFileStore(@Value("${maillage.data-dir:maillage-data}") String dataDir) {
        this.root = Path.of(dataDir).toAbsolutePath().resolve("files");
    }

    public Path root() {
        return root;
    }

    @Override
    public Stored put(InputStream content, long maxBytes) throws IOException {
        Path tmpDir = Files.createDirectories(root.resolve("tmp"));
        Path tmp = Files.createTempFile(tmpDir, "upload-", ".part");
        boolean moved = false;
        try {
            MessageDigest digest = sha256();
            long size = 0;
            byte[] buffer = new byte[CHUNK];
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(channel)) {
                int n;
                // never more than one buffer past the limit is read: the rest of the body stays unread
                while ((n = content.read(buffer, 0, (int) Math.min(buffer.length, maxBytes - size + 1))) != -1) {
                    size += n;
                    if (size > maxBytes) {
                        throw new TooLarge(maxBytes);
                    }
                    digest.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
                out.flush();
                channel.force(true);
            }
            String sha = HexFormat.of().formatHex(digest.digest());
            Path target = path(sha);
            Files.createDirectories(target.getParent());
            // same content, same name: replacing an existing copy changes nothing a reader sees
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
            return new Stored(sha, size);
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    @Override
    public Opened open(String sha256) throws IOException {
        FileChannel channel = FileChannel.open(path(sha256), StandardOpenOption.READ);
        try {
            // read it all once before a single byte is served: wrong bytes are never sent
            MessageDigest digest = sha256();
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
            long size = 0;
            while (channel.read(buffer) != -1) {
                buffer.flip();
                size += buffer.remaining();
                digest.update(buffer);
                buffer.clear();
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(sha256)) {
                throw new Corrupt(sha256, actual);
            }
            channel.position(0);
            return new Opened(Channels.newInputStream(channel), size);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public boolean exists(String sha256) {
        return Files.isRegularFile(path(sha256));
    }

    @Override
    public void delete(String sha256) throws IOException {
        Files.deleteIfExists(path(sha256));
    }

    /** Where a content lives; the name is checked so that nothing outside the root is reached. */
    public Path path(String sha256) {
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a SHA-256: " + sha256);
        }
        return root.resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
