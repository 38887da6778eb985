package fr.maillage.workspace;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The file types a workspace accepts: an allow-list by extension, each with the media type it
 * is stored and served as, and the check its first bytes must pass. The client's own
 * Content-Type is ignored (browsers disagree about .csv and .md); the extension says what the
 * file claims to be and its magic bytes must agree.
 */
public final class FileTypes {
    /** How many first bytes {@link #matches} needs to see (or the whole file when shorter). */
    public static final int HEAD_BYTES = 4096;

    private static final byte[] ZIP = {'P', 'K', 3, 4};
    private static final byte[] PDF = "%PDF-".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};
    private static final byte[] GIF87 = "GIF87a".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GIF89 = "GIF89a".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RIFF = "RIFF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WEBP = "WEBP".getBytes(StandardCharsets.US_ASCII);
    /** Signatures a text file must not start with: a binary renamed .txt is not text. */
    private static final List<byte[]> BINARY = List.of(ZIP, PDF, PNG, JPEG, GIF87, GIF89, RIFF,
            new byte[]{0x7f, 'E', 'L', 'F'}, new byte[]{'M', 'Z'}, new byte[]{0x1f, (byte) 0x8b},
            new byte[]{(byte) 0xd0, (byte) 0xcf, 0x11, (byte) 0xe0});

    enum Check { PDF, ZIP, ODF, PNG, JPEG, GIF, WEBP, TEXT }

    /** One accepted type: its extension, the media type it is stored and served as, its check. */
    public record FileType(String extension, String mediaType, Check check) {
    }

    private static final Map<String, FileType> KNOWN = new LinkedHashMap<>();

    static {
        add("pdf", "application/pdf", Check.PDF);
        add("odt", "application/vnd.oasis.opendocument.text", Check.ODF);
        add("ods", "application/vnd.oasis.opendocument.spreadsheet", Check.ODF);
        add("odp", "application/vnd.oasis.opendocument.presentation", Check.ODF);
        add("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Check.ZIP);
        add("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Check.ZIP);
        add("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", Check.ZIP);
        add("png", "image/png", Check.PNG);
        add("jpg", "image/jpeg", Check.JPEG);
        add("jpeg", "image/jpeg", Check.JPEG);
        add("gif", "image/gif", Check.GIF);
        add("webp", "image/webp", Check.WEBP);
        add("txt", "text/plain", Check.TEXT);
        add("csv", "text/csv", Check.TEXT);
        add("md", "text/markdown", Check.TEXT);
    }

    private static void add(String extension, String mediaType, Check check) {
        KNOWN.put(extension, new FileType(extension, mediaType, check));
    }

    private FileTypes() {
    }

    /** Every extension Maillage knows how to check; the configuration may allow fewer. */
    public static List<String> known() {
        return List.copyOf(KNOWN.keySet());
    }

    /** The type a file name claims by its extension, if it is a known one. */
    public static Optional<FileType> forName(String name) {
        int dot = name.lastIndexOf('.');
        if (dot < 0 || dot == name.length() - 1) {
            return Optional.empty();
        }
        return Optional.ofNullable(KNOWN.get(name.substring(dot + 1).toLowerCase(Locale.ROOT)));
    }

    /**
     * Whether the first bytes of a file (up to {@link #HEAD_BYTES}, fewer only when the file is
     * shorter) are those of its claimed type.
     */
    public static boolean matches(FileType type, byte[] head, int length) {
        byte[] h = Arrays.copyOf(head, length);
        return switch (type.check()) {
            case PDF -> startsWith(h, PDF, 0);
            case ZIP -> startsWith(h, ZIP, 0);
            // ODF packages start with an uncompressed "mimetype" entry holding their media type
            case ODF -> startsWith(h, ZIP, 0) && startsWith(h, "mimetype".getBytes(StandardCharsets.US_ASCII), 30)
                    && startsWith(h, type.mediaType().getBytes(StandardCharsets.US_ASCII), 38);
            case PNG -> startsWith(h, PNG, 0);
            case JPEG -> startsWith(h, JPEG, 0);
            case GIF -> startsWith(h, GIF87, 0) || startsWith(h, GIF89, 0);
            case WEBP -> startsWith(h, RIFF, 0) && startsWith(h, WEBP, 8);
            case TEXT -> isText(h);
        };
    }

    /**
     * Text: no NUL or other control character than tab, line breaks, form feed and escape, and
     * no binary signature. Any 8-bit encoding passes (French spreadsheets export CSV in
     * Windows-1252), which is why the bytes are served as an attachment with nosniff.
     */
    private static boolean isText(byte[] h) {
        for (byte[] signature : BINARY) {
            if (startsWith(h, signature, 0)) {
                return false;
            }
        }
        for (byte b : h) {
            int c = b & 0xff;
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix, int offset) {
        if (bytes.length < offset + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
