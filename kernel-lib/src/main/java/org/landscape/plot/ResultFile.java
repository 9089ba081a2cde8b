package org.landscape.plot;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvWriteOptions;

/**
 * The file of a {@link Result}: a CSV table that any tool opens (pandas: {@code read_csv(f, comment='#')}), framed by
 * comment lines that say what it is and carry the few numbers the table does not:
 * <pre>
 * # landscape Surface (read back with Surface.read)
 * # quantity: loss
 * # x.min: -1.0
 * x,y,loss,computed
 * -1.0,-1.0,0.6931471805599453,true
 * ...
 * # end: 441 rows
 * </pre>
 * Numbers are written by Tablesaw as Java writes doubles (the shortest decimal that reads back to the same bits), so
 * a result read back holds the very numbers written; a missing value (NaN) is an empty cell. The last line announces
 * the row count, so a truncated file is recognised. Written atomically (see {@link Tables#write}); read with errors
 * that name the file, the line and the column, and say what to do.
 */
public final class ResultFile {
    private static final String MAGIC = "# landscape ";

    private final Path file;
    private final String kind;
    private final Map<String, String> meta;
    private final Map<String, Integer> metaLines;
    private final String[] columns;
    private final List<String[]> rows;
    private final List<Integer> rowLines; // the line each row starts on
    private final int headerLine;

    private ResultFile(Path file, String kind, Map<String, String> meta, Map<String, Integer> metaLines,
                       String[] columns, List<String[]> rows, List<Integer> rowLines, int headerLine) {
        this.headerLine = headerLine;
        this.file = file;
        this.kind = kind;
        this.meta = meta;
        this.metaLines = metaLines;
        this.columns = columns;
        this.rows = rows;
        this.rowLines = rowLines;
    }

    /** A new set of metadata, in the order given (kept in the file in that order). */
    public static Map<String, String> meta(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("metadata comes as key, value pairs, got " + keysAndValues.length + " items");
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object v = keysAndValues[i + 1];
            if (v != null) { // an absent value (e.g. no name) is no line
                m.put(keysAndValues[i].toString(), v.toString());
            }
        }
        return m;
    }

    /**
     * Writes {@code table} as the file of a result of {@code kind} (e.g. "Surface"), with {@code meta} in its
     * comment lines. A text cell with a comma, a quote or a line break is quoted, as CSV does.
     */
    public static void write(Path file, String kind, Map<String, String> meta, Table table) {
        StringBuilder out = new StringBuilder();
        out.append(MAGIC).append(kind).append(" (read back with ").append(kind).append(".read)\n");
        for (Map.Entry<String, String> e : meta.entrySet()) {
            if (e.getKey().contains(":") || e.getKey().contains("\n")) {
                throw new IllegalArgumentException("metadata key '" + e.getKey() + "' must not contain ':' or a line break");
            }
            out.append("# ").append(e.getKey()).append(": ").append(escape(e.getValue())).append('\n');
        }
        StringWriter csv = new StringWriter();
        table.write().csv(CsvWriteOptions.builder(csv).lineEnd("\n").build());
        out.append(csv);
        if (out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
        out.append("# end: ").append(table.rowCount()).append(" rows\n");
        Tables.writeAtomically(file, out.toString());
    }

    /**
     * Reads a file written by {@link #write} for a result of {@code kind}. Refuses, naming the file and the line: no
     * such file, another kind of file (a foreign CSV, another result), a row with the wrong number of cells, a
     * truncated file. Check its columns with {@link #expectColumns}.
     */
    public static ResultFile read(Path file, String kind) {
        Path at = file.toAbsolutePath();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such file: " + at + " (write it with " + kind + ".write(path))", e);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException(at + " is not a " + kind + " written by " + kind + ".write: it is not "
                    + "UTF-8 text (a binary file?)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + at + ": " + e.getMessage(), e);
        }
        String expectedFirst = MAGIC + kind + " ";
        if (lines.isEmpty() || !lines.get(0).startsWith(expectedFirst)) {
            String first = lines.isEmpty() ? "the file is empty" : "line 1 is '" + clip(lines.get(0)) + "'";
            String other = !lines.isEmpty() && lines.get(0).startsWith(MAGIC)
                    ? " (a file of another result: read it with its own read)" : "";
            throw new IllegalArgumentException(at + " is not a " + kind + " written by " + kind + ".write: " + first
                    + other + "; expected a first line starting '" + expectedFirst.trim() + "'");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        Map<String, Integer> metaLines = new LinkedHashMap<>();
        int n = 1;
        for (; n < lines.size() && lines.get(n).startsWith("#"); n++) {
            String line = lines.get(n);
            int colon = line.indexOf(": ");
            if (colon < 0) {
                throw new IllegalArgumentException(at + " line " + (n + 1) + ": expected '# key: value', got '"
                        + clip(line) + "'");
            }
            meta.put(line.substring(2, colon), unescape(line.substring(colon + 2)));
            metaLines.put(line.substring(2, colon), n + 1);
        }
        if (n >= lines.size()) {
            throw new IllegalArgumentException(at + " has no table after its " + n + " comment lines (truncated?): "
                    + "write it again with " + kind + ".write");
        }
        String[] header = split(lines.get(n));
        int headerLine = n + 1;
        List<String[]> rows = new ArrayList<>();
        List<Integer> rowLines = new ArrayList<>();
        String end = null;
        for (n = n + 1; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.startsWith("#")) {
                end = line;
                break;
            }
            int start = n;
            while (openQuote(line) && n + 1 < lines.size()) { // a quoted cell with a line break goes on
                line = line + "\n" + lines.get(++n);
            }
            if (openQuote(line)) {
                throw new IllegalArgumentException(at + " line " + (start + 1) + ": a quoted cell is never closed: the "
                        + "file is truncated; write it again with " + kind + ".write");
            }
            String[] cells = split(line);
            if (cells.length != header.length) {
                throw new IllegalArgumentException(at + " line " + (start + 1) + ": " + cells.length + " cells, expected "
                        + header.length + " (" + String.join(", ", header) + ")"
                        + (n == lines.size() - 1 ? ": the file is truncated; write it again" : ""));
            }
            rows.add(cells);
            rowLines.add(start + 1);
        }
        String announced = "# end: " + rows.size() + " rows";
        if (end == null) {
            throw new IllegalArgumentException(at + " ends after " + rows.size() + " rows without its last line '# end: "
                    + "N rows': the file is truncated (a copy cut short?); write it again with " + kind + ".write");
        }
        if (!end.equals(announced) || n != lines.size() - 1) {
            throw new IllegalArgumentException(at + " line " + (n + 1) + ": '" + clip(end) + "' after " + rows.size()
                    + " rows, expected '" + announced + "' as the last line (rows lost or added by hand?)");
        }
        return new ResultFile(at, kind, meta, metaLines, header, rows, rowLines, headerLine);
    }

    /** Refuses a table whose columns are not exactly {@code expected}, in this order, naming the first difference. */
    public ResultFile expectColumns(String... expected) {
        if (!Arrays.equals(columns, expected)) {
            throw new IllegalArgumentException(file + " line " + headerLine + ": columns " + Arrays.toString(columns)
                    + ", expected " + Arrays.toString(expected) + " for a " + kind + firstDifference(columns, expected)
                    + " (a hand-edited file? write it again with " + kind + ".write)");
        }
        return this;
    }

    /** The table's column names, in file order. */
    public String[] columns() {
        return columns.clone();
    }

    public Path file() {
        return file;
    }

    public int rows() {
        return rows.size();
    }

    public boolean has(String key) {
        return meta.containsKey(key);
    }

    /** The metadata value of {@code key}; a missing one is refused naming the file. */
    public String meta(String key) {
        String v = meta.get(key);
        if (v == null) {
            throw new IllegalArgumentException(file + ": no '# " + key + ": ...' line among its comment lines, which a "
                    + kind + " needs; write the file again with " + kind + ".write");
        }
        return v;
    }

    /** The metadata value of {@code key}, or null if the file has none. */
    public String metaOrNull(String key) {
        return meta.get(key);
    }

    public double metaDouble(String key) {
        return parseMeta(key, "a number", Double::parseDouble);
    }

    public int metaInt(String key) {
        return parseMeta(key, "a whole number", Integer::parseInt);
    }

    public long metaLong(String key) {
        return parseMeta(key, "a whole number", Long::parseLong);
    }

    public boolean metaBoolean(String key) {
        return parseMeta(key, "true or false", ResultFile::parseBoolean);
    }

    /** A refusal naming the file and the metadata line of {@code key}. */
    public IllegalArgumentException badMeta(String key, String problem) {
        return new IllegalArgumentException(file + " line " + metaLines.getOrDefault(key, 0) + " ('# " + key + "'): "
                + problem + "; write the file again with " + kind + ".write");
    }

    /** A refusal naming the file, the line of row {@code row} and the column. */
    public IllegalArgumentException badCell(int row, String column, String problem) {
        return new IllegalArgumentException(file + " line " + (rowLines.isEmpty() ? headerLine + 1 : rowLines.get(Math.min(row, rowLines.size() - 1))) + ", column '" + column + "': "
                + problem + "; write the file again with " + kind + ".write");
    }

    public String[] strings(String column) {
        int c = column(column);
        String[] out = new String[rows.size()];
        for (int r = 0; r < out.length; r++) {
            out[r] = rows.get(r)[c];
        }
        return out;
    }

    /** A number column; empty cells are NaN (how Tablesaw writes a missing double). */
    public double[] doubles(String column) {
        return parsed(column, "a number", c -> c.isEmpty() ? Double.NaN : Double.parseDouble(c)).stream()
                .mapToDouble(Double::doubleValue).toArray();
    }

    public int[] ints(String column) {
        return parsed(column, "a whole number", Integer::parseInt).stream().mapToInt(Integer::intValue).toArray();
    }

    public long[] longs(String column) {
        return parsed(column, "a whole number", Long::parseLong).stream().mapToLong(Long::longValue).toArray();
    }

    public boolean[] booleans(String column) {
        List<Boolean> b = parsed(column, "true or false", ResultFile::parseBoolean);
        boolean[] out = new boolean[b.size()];
        for (int r = 0; r < out.length; r++) {
            out[r] = b.get(r);
        }
        return out;
    }

    private <T> List<T> parsed(String column, String what, java.util.function.Function<String, T> f) {
        String[] s = strings(column);
        List<T> out = new ArrayList<>(s.length);
        for (int r = 0; r < s.length; r++) {
            out.add(parse(r, column, s[r], what, f));
        }
        return out;
    }

    private int column(String name) {
        for (int c = 0; c < columns.length; c++) {
            if (columns[c].equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no column '" + name + "' in " + Arrays.toString(columns)); // a library bug
    }

    private <T> T parse(int row, String column, String cell, String what, java.util.function.Function<String, T> f) {
        try {
            return f.apply(cell.trim());
        } catch (RuntimeException e) {
            throw badCell(row, column, "'" + clip(cell) + "' is not " + what);
        }
    }

    private <T> T parseMeta(String key, String what, java.util.function.Function<String, T> f) {
        String v = meta(key);
        try {
            return f.apply(v.trim());
        } catch (RuntimeException e) {
            throw badMeta(key, "'" + clip(v) + "' is not " + what);
        }
    }

    private static boolean parseBoolean(String s) {
        if (s.equalsIgnoreCase("true")) {
            return true;
        }
        if (s.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException(s);
    }

    private static String firstDifference(String[] got, String[] expected) {
        for (int c = 0; c < Math.min(got.length, expected.length); c++) {
            if (!got[c].equals(expected[c])) {
                return String.format(Locale.ROOT, ": column %d is '%s', expected '%s'", c + 1, got[c], expected[c]);
            }
        }
        return got.length < expected.length ? ": column '" + expected[got.length] + "' is missing"
                : ": column '" + got[expected.length] + "' is not one of them";
    }

    private static boolean openQuote(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '"') {
                quoted = !quoted; // "" inside quotes toggles twice
            }
        }
        return quoted;
    }

    /** One CSV line split into cells: commas outside double quotes, "" inside quotes for a quote (as written). */
    static String[] split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        cells.add(cell.toString());
        return cells.toArray(String[]::new);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\\' && i + 1 < s.length()) {
                char next = s.charAt(++i);
                out.append(next == 'n' ? '\n' : next == 'r' ? '\r' : next);
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }

    private static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
