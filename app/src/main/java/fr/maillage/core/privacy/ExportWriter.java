package fr.maillage.core.privacy;

import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;

/** Where the features write a person's export: named JSON files and raw files of a ZIP. */
public interface ExportWriter {
    UUID userId();

    /** The person's language ("fr" or "en"), for anything a feature writes as prose. */
    String language();

    /** Adds {@code name} (e.g. "profile.json") holding {@code value} as indented JSON. */
    void json(String name, Object value) throws IOException;

    /** Adds {@code name} with the given bytes (a file the person uploaded, a document). */
    void file(String name, InputStream content) throws IOException;

    /** Adds {@code name} holding the given text in UTF-8. */
    void text(String name, String text) throws IOException;
}
