package fr.maillage.core.privacy;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Rows of an export as JSON-ready maps: camelCase keys, instants as ISO text, arrays as lists. */
public final class ExportRows {
    private ExportRows() {
    }

    public static Map<String, Object> row(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            Object value = rs.getObject(i);
            if (value instanceof Timestamp t) {
                value = t.toInstant().toString();
            } else if (value instanceof Array a) {
                value = Arrays.asList((Object[]) a.getArray());
            } else if (value != null && !(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                value = value.toString();
            }
            row.put(camel(meta.getColumnLabel(i)), value);
        }
        return row;
    }

    static String camel(String column) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : column.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    /** A name safe inside a ZIP: no directories, no control characters, at most 100 characters. */
    public static String fileName(String name) {
        String safe = name.replaceAll("[\\p{Cntrl}/\\\\:*?\"<>|]", "_").strip();
        if (safe.isEmpty() || safe.equals(".") || safe.equals("..")) {
            safe = "_";
        }
        return safe.length() > 100 ? safe.substring(0, 100) : safe;
    }
}
