package fr.maillage.privacy;

import fr.maillage.core.privacy.ExportWriter;
import io.micronaut.json.JsonMapper;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** A ZIP being written to disk, refusing to grow past its limit (the export then fails). */
final class ZipExport implements ExportWriter, AutoCloseable {
    /** Thrown once the ZIP would pass {@code maillage.privacy.max-export-bytes}. */
    static final class TooLarge extends IOException {
        TooLarge(long limit) {
            super("export larger than " + limit + " bytes", null);
        }
    }

    private final UUID userId;
    private final String language;
    private final JsonMapper json;
    private final ZipOutputStream zip;
    private final Set<String> names = new LinkedHashSet<>();

    ZipExport(Path file, UUID userId, String language, JsonMapper json, long maxBytes) throws IOException {
        this.userId = userId;
        this.language = language;
        this.json = json;
        OutputStream out = Files.newOutputStream(file);
        this.zip = new ZipOutputStream(new FilterOutputStream(out) {
            private long written;

            @Override
            public void write(int b) throws IOException {
                count(1);
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                count(len);
                out.write(b, off, len);
            }

            private void count(long n) throws IOException {
                written += n;
                if (written > maxBytes) {
                    throw new TooLarge(maxBytes);
                }
            }
        }, StandardCharsets.UTF_8);
    }

    @Override
    public UUID userId() {
        return userId;
    }

    @Override
    public String language() {
        return language;
    }

    @Override
    public void json(String name, Object value) throws IOException {
        entry(name);
        zip.write(json.writeValueAsBytes(value));
        zip.closeEntry();
    }

    @Override
    public void file(String name, InputStream content) throws IOException {
        entry(name);
        try (content) {
            content.transferTo(zip);
        }
        zip.closeEntry();
    }

    @Override
    public void text(String name, String text) throws IOException {
        entry(name);
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    Set<String> names() {
        return names;
    }

    /** Two entries never share a name: "a.txt" then "a (2).txt". */
    private void entry(String name) throws IOException {
        String unique = name;
        for (int i = 2; !names.add(unique); i++) {
            int dot = name.lastIndexOf('.');
            unique = dot > name.lastIndexOf('/') ? name.substring(0, dot) + " (" + i + ")" + name.substring(dot) : name + " (" + i + ")";
        }
        zip.putNextEntry(new ZipEntry(unique));
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
