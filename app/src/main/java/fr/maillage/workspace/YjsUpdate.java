package fr.maillage.workspace;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Yjs update in the v1 encoding (Y.encodeStateAsUpdate, the doc's 'update' event), read the
 * way Yjs reads it (yjs/src/utils/encoding.js, lib0/decoding.js) without applying it. Reading
 * proves the bytes are well-formed to their last byte: varints within 2^53, every struct and
 * content kind known, strings valid UTF-8, JSON contents parseable, lengths and clocks sane,
 * nothing trailing. It yields what the server needs: the clock range each client's structs
 * cover, whether there are gaps (Skip structs), and the delete set.
 *
 * <p>What it does not check: that references (origins, parents) point at items that exist
 * with the right kind. Yjs keeps an update whose references are missing as pending rather
 * than failing; see docs/workspaces.md for what is trusted.
 */
public final class YjsUpdate {
    static final long MAX_SAFE_INTEGER = (1L << 53) - 1;
    private static final int MAX_ANY_DEPTH = 64;
    private static final JsonFactory JSON = new JsonFactory();

    /** Per client: the first clock and the clock after the last struct. */
    private final Map<Long, long[]> ranges;
    /** Per client: deleted clock ranges [start, end), sorted and merged. */
    private final Map<Long, List<long[]>> deleteSet;
    private final boolean hasSkips;
    private final int structCount;

    private YjsUpdate(Map<Long, long[]> ranges, Map<Long, List<long[]>> deleteSet, boolean hasSkips, int structCount) {
        this.ranges = ranges;
        this.deleteSet = deleteSet;
        this.hasSkips = hasSkips;
        this.structCount = structCount;
    }

    /** Thrown for bytes that are not a well-formed Yjs v1 update; the message says where. */
    public static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    /** While {@link #insertedTexts} reads an update: where the strings it inserts are collected. */
    private static final ThreadLocal<List<String>> TEXTS = new ThreadLocal<>();

    /**
     * The strings an update inserts (its ContentString items), in the order they appear in the
     * update. Not the document's text: no order between updates, no formatting, and text later
     * deleted is included. The export uses it for what a person typed (docs/privacy.md).
     */
    public static List<String> insertedTexts(byte[] bytes) throws Malformed {
        List<String> texts = new ArrayList<>();
        TEXTS.set(texts);
        try {
            read(bytes);
        } finally {
            TEXTS.remove();
        }
        return texts;
    }

    public static YjsUpdate read(byte[] bytes) throws Malformed {
        Reader in = new Reader(bytes);
        Map<Long, long[]> ranges = new TreeMap<>();
        boolean skips = false;
        int structs = 0;
        long clients = in.varUint();
        for (long c = 0; c < clients; c++) {
            long count = in.varUint();
            long client = in.varUint();
            long clock = in.varUint();
            if (ranges.containsKey(client)) {
                throw new Malformed("client " + client + " appears twice");
            }
            long start = clock;
            for (long s = 0; s < count; s++) {
                int info = in.uint8();
                long length;
                int ref = info & 0x1f;
                if (ref == 0) {          // GC
                    length = in.varUint();
                } else if (ref == 10) {  // Skip: a gap left by mergeUpdates
                    length = in.varUint();
                    skips = true;
                } else {
                    length = item(in, info);
                }
                if (length <= 0) {
                    throw new Malformed("empty struct at client " + client + " clock " + clock);
                }
                clock += length;
                if (clock > MAX_SAFE_INTEGER) {
                    throw new Malformed("clock out of range");
                }
                structs++;
            }
            if (count > 0) {
                ranges.put(client, new long[]{start, clock});
            }
        }
        Map<Long, List<long[]>> deletes = new TreeMap<>();
        long dsClients = in.varUint();
        for (long c = 0; c < dsClients; c++) {
            long client = in.varUint();
            long count = in.varUint();
            List<long[]> list = deletes.computeIfAbsent(client, k -> new ArrayList<>());
            for (long r = 0; r < count; r++) {
                long clock = in.varUint();
                long length = in.varUint();
                if (length <= 0 || clock + length > MAX_SAFE_INTEGER) {
                    throw new Malformed("bad delete range at client " + client);
                }
                list.add(new long[]{clock, clock + length});
            }
        }
        if (!in.atEnd()) {
            throw new Malformed("trailing bytes after the delete set");
        }
        deletes.replaceAll((client, list) -> merge(list));
        deletes.values().removeIf(List::isEmpty);
        return new YjsUpdate(ranges, deletes, skips, structs);
    }

    /** Reads one Item (origin, right origin, parent, content); answers its length in clocks. */
    private static long item(Reader in, int info) throws Malformed {
        if ((info & 0x80) != 0) { // origin
            in.varUint();
            in.varUint();
        }
        if ((info & 0x40) != 0) { // right origin
            in.varUint();
            in.varUint();
        }
        if ((info & 0xc0) == 0) { // no origin to copy the parent from: it is written out
            long parentInfo = in.varUint();
            if (parentInfo == 1) {
                in.string();      // a root type's name
            } else if (parentInfo == 0) {
                in.varUint();     // the parent item's id
                in.varUint();
            } else {
                throw new Malformed("unknown parent info " + parentInfo);
            }
            if ((info & 0x20) != 0) {
                in.string();      // key in a map
            }
        }
        int ref = info & 0x1f;
        switch (ref) {
            case 1 -> { // ContentDeleted
                return in.varUint();
            }
            case 2 -> { // ContentJSON
                long n = in.varUint();
                for (long i = 0; i < n; i++) {
                    String s = in.string();
                    if (!"undefined".equals(s)) {
                        json(s);
                    }
                }
                return n;
            }
            case 3 -> { // ContentBinary
                in.bytes();
                return 1;
            }
            case 4 -> { // ContentString: its length is in UTF-16 code units, as in JavaScript
                String text = in.string();
                List<String> texts = TEXTS.get();
                if (texts != null) {
                    texts.add(text);
                }
                return text.length();
            }
            case 5 -> { // ContentEmbed
                json(in.string());
                return 1;
            }
            case 6 -> { // ContentFormat
                in.string();
                json(in.string());
                return 1;
            }
            case 7 -> { // ContentType
                long typeRef = in.varUint();
                if (typeRef == 3 || typeRef == 5) { // XmlElement, XmlHook carry a name
                    in.string();
                } else if (typeRef > 6) {
                    throw new Malformed("unknown type ref " + typeRef);
                }
                return 1;
            }
            case 8 -> { // ContentAny
                long n = in.varUint();
                for (long i = 0; i < n; i++) {
                    in.any(0);
                }
                return n;
            }
            case 9 -> { // ContentDoc
                in.string();
                in.any(0);
                return 1;
            }
            default -> throw new Malformed("unknown content ref " + ref);
        }
    }

    private static void json(String text) throws Malformed {
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() == null) {
                throw new Malformed("empty JSON content");
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw new Malformed("trailing JSON content");
            }
        } catch (IOException e) {
            throw new Malformed("invalid JSON content");
        }
    }

    private static List<long[]> merge(List<long[]> list) {
        list.sort((a, b) -> Long.compare(a[0], b[0]));
        List<long[]> merged = new ArrayList<>();
        for (long[] r : list) {
            long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && r[0] <= last[1]) {
                last[1] = Math.max(last[1], r[1]);
            } else {
                merged.add(new long[]{r[0], r[1]});
            }
        }
        return merged;
    }

    /** Client id → [first clock, clock after the last struct] of the structs this update carries. */
    public Map<Long, long[]> ranges() {
        return Collections.unmodifiableMap(ranges);
    }

    public int structCount() {
        return structCount;
    }

    public boolean hasSkips() {
        return hasSkips;
    }

    /** True when the update carries neither structs nor deletions. */
    public boolean isEmpty() {
        return ranges.isEmpty() && deleteSet.isEmpty();
    }

    /**
     * True when this update, read as a complete document state (structs from clock 0, no
     * gap), holds every struct and every deletion of {@code other}.
     */
    public boolean covers(YjsUpdate other) {
        if (hasSkips) {
            return false;
        }
        for (Map.Entry<Long, long[]> e : other.ranges.entrySet()) {
            long[] mine = ranges.get(e.getKey());
            if (mine == null || mine[0] != 0 || mine[1] < e.getValue()[1]) {
                return false;
            }
        }
        for (Map.Entry<Long, List<long[]>> e : other.deleteSet.entrySet()) {
            List<long[]> mine = deleteSet.getOrDefault(e.getKey(), List.of());
            for (long[] range : e.getValue()) {
                if (mine.stream().noneMatch(m -> m[0] <= range[0] && range[1] <= m[1])) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Reads a Y.encodeRelativePosition result to its last byte (yjs/src/utils/RelativePosition.js):
     * an item id (0), a root type's name (1) or a type's id (2), then an optional assoc.
     */
    public static void readRelativePosition(byte[] bytes) throws Malformed {
        Reader in = new Reader(bytes);
        int kind = (int) in.varUint();
        switch (kind) {
            case 0, 2 -> {
                in.varUint();
                in.varUint();
            }
            case 1 -> in.string();
            default -> throw new Malformed("unknown relative position kind " + kind);
        }
        if (!in.atEnd()) {
            in.varInt();
        }
        if (!in.atEnd()) {
            throw new Malformed("trailing bytes after the relative position");
        }
    }

    /** lib0's decoder over a byte array; every read checks the bounds. */
    private static final class Reader {
        private final byte[] bytes;
        private int pos;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        boolean atEnd() {
            return pos == bytes.length;
        }

        int uint8() throws Malformed {
            if (pos >= bytes.length) {
                throw new Malformed("unexpected end of update");
            }
            return bytes[pos++] & 0xff;
        }

        long varUint() throws Malformed {
            long num = 0;
            int shift = 0;
            while (true) {
                int r = uint8();
                num |= (long) (r & 0x7f) << shift;
                if (num > MAX_SAFE_INTEGER) {
                    throw new Malformed("integer out of range");
                }
                if (r < 0x80) {
                    return num;
                }
                shift += 7;
                if (shift > 53) {
                    throw new Malformed("integer out of range");
                }
            }
        }

        void varInt() throws Malformed {
            int r = uint8();
            long num = r & 0x3f;
            int shift = 6;
            while ((r & 0x80) != 0) {
                r = uint8();
                num |= (long) (r & 0x7f) << shift;
                shift += 7;
                if (num > MAX_SAFE_INTEGER || shift > 60) {
                    throw new Malformed("integer out of range");
                }
            }
        }

        byte[] bytes() throws Malformed {
            long length = varUint();
            if (length > bytes.length - pos) {
                throw new Malformed("unexpected end of update");
            }
            byte[] out = java.util.Arrays.copyOfRange(bytes, pos, pos + (int) length);
            pos += (int) length;
            return out;
        }

        String string() throws Malformed {
            byte[] raw = bytes();
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(raw)).toString();
            } catch (CharacterCodingException e) {
                throw new Malformed("invalid UTF-8 string");
            }
        }

        void skip(int n) throws Malformed {
            if (n > bytes.length - pos) {
                throw new Malformed("unexpected end of update");
            }
            pos += n;
        }

        /** lib0 writeAny, recursively, bounded in depth. */
        void any(int depth) throws Malformed {
            if (depth > MAX_ANY_DEPTH) {
                throw new Malformed("value nested too deeply");
            }
            int type = uint8();
            switch (type) {
                case 127, 126, 121, 120 -> { // undefined, null, false, true
                }
                case 125 -> varInt();
                case 124 -> skip(4);
                case 123, 122 -> skip(8);
                case 119 -> string();
                case 118 -> {
                    long n = varUint();
                    for (long i = 0; i < n; i++) {
                        string();
                        any(depth + 1);
                    }
                }
                case 117 -> {
                    long n = varUint();
                    for (long i = 0; i < n; i++) {
                        any(depth + 1);
                    }
                }
                case 116 -> bytes();
                default -> throw new Malformed("unknown value type " + type);
            }
        }
    }
}
