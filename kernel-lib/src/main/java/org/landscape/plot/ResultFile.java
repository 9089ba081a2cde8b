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
        Tables.writeAtomically(file, out -> {
            writeHead(out, kind, meta);
            // Tablesaw's writer would close the stream: it gets a view that only flushes
            java.io.Writer view = new java.io.FilterWriter(out) {
                @Override
                public void close() throws IOException {
                    flush();
                }
            };
            table.write().csv(CsvWriteOptions.builder(view).lineEnd("\n").build());
            out.append("# end: ").append(Integer.toString(table.rowCount())).append(" rows\n");
        });
    }

    /** Writes one row of cells at a time; a cell is already text (see {@link #cell(double)}). */
    @FunctionalInterface
    public interface RowSource {
        String[] row(long index);
    }

    /**
     * As {@link #write(Path, String, Map, Table)} for a table too large to build in memory: its {@code rows} rows come
     * one at a time from {@code source} and go straight to the file.
     */
    public static void write(Path file, String kind, Map<String, String> meta, String[] columns, long rows,
                             RowSource source) {
        Tables.writeAtomically(file, out -> {
            writeHead(out, kind, meta);
            writeCells(out, columns);
            for (long r = 0; r < rows; r++) {
                writeCells(out, source.row(r));
            }
            out.append("# end: ").append(Long.toString(rows)).append(" rows\n");
        });
    }

    /** A double as the table writes it: the shortest decimal that reads back to the same bits; NaN as an empty cell. */
    public static String cell(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    private static void writeHead(java.io.Writer out, String kind, Map<String, String> meta) throws IOException {
        out.append(MAGIC).append(kind).append(" (read back with ").append(kind).append(".read)\n");
        for (Map.Entry<String, String> e : meta.entrySet()) {
            if (e.getKey().contains(":") || e.getKey().contains("\n")) {
                throw new IllegalArgumentException("metadata key '" + e.getKey() + "' must not contain ':' or a line break");
            }
            out.append("# ").append(e.getKey()).append(": ").append(escape(e.getValue())).append('\n');
        }
    }

    private static void writeCells(java.io.Writer out, String[] cells) throws IOException {
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) {
                out.append(',');
            }
            String v = cells[c];
            boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0;
            out.append(quote ? '"' + v.replace("\"", "\"\"") + '"' : v);
        }
        out.append('\n');
    }

    /**
     * Reads a file written by {@link #write} for a result of {@code kind}. Refuses, naming the file and the line: no
     * such file, another kind of file (a foreign CSV, another result), a row with the wrong number of cells, a
     * truncated file. Check its columns with {@link #expectColumns}.
     */
    public static ResultFile read(Path file, String kind) {
        List<String[]> rows = new ArrayList<>();
        List<Integer> rowLines = new ArrayList<>();
        ResultFile f = read(file, kind, head -> (index, cells) -> {
            rows.add(cells);
            rowLines.add(head.line);
        });
        return new ResultFile(f.file, kind, f.meta, f.metaLines, f.columns, rows, rowLines, f.headerLine);
    }

    /** Takes the rows of a file one at a time (see {@link #read(Path, String, java.util.function.Function)}). */
    @FunctionalInterface
    public interface RowSink {
        void row(long index, String[] cells);
    }

    /**
     * Reads a file too large to hold as a table: {@code sinkFor} gets the file's head (kind, metadata, columns; its
     * {@link #badCell} names the line being read) and returns where the rows go, one at a time. The same checks as
     * {@link #read(Path, String)}; returns the head.
     */
    public static ResultFile read(Path file, String kind, java.util.function.Function<ResultFile, RowSink> sinkFor) {
        Path at = file.toAbsolutePath();
        try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                new java.io.FileInputStream(at.toFile()), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)), 1 << 16)) {
            return scan(at, kind, in, sinkFor);
        } catch (java.io.FileNotFoundException e) {
            throw new IllegalArgumentException("no such file: " + at + " (write it with " + kind + ".write(path))", e);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException(at + " is not a " + kind + " written by " + kind + ".write: it is not "
                    + "UTF-8 text (a binary file?)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + at + ": " + e.getMessage(), e);
        }
    }

    private int line; // streaming: the line being read, for badCell

    private static ResultFile scan(Path at, String kind, java.io.BufferedReader in,
                                   java.util.function.Function<ResultFile, RowSink> sinkFor) throws IOException {
        String expectedFirst = MAGIC + kind + " ";
        String first = in.readLine();
        if (first == null || !first.startsWith(expectedFirst)) {
            String what = first == null ? "the file is empty" : "line 1 is '" + clip(first) + "'";
            String other = first != null && first.startsWith(MAGIC)
                    ? " (a file of another result: read it with its own read)" : "";
            throw new IllegalArgumentException(at + " is not a " + kind + " written by " + kind + ".write: " + what
                    + other + "; expected a first line starting '" + expectedFirst.trim() + "'");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        Map<String, Integer> metaLines = new LinkedHashMap<>();
        int n = 1; // lines read
        String line = in.readLine();
        for (; line != null && line.startsWith("#"); line = in.readLine()) {
            n++;
            int colon = line.indexOf(": ");
            if (colon < 0) {
                throw new IllegalArgumentException(at + " line " + n + ": expected '# key: value', got '"
                        + clip(line) + "'");
            }
            meta.put(line.substring(2, colon), unescape(line.substring(colon + 2)));
            metaLines.put(line.substring(2, colon), n);
        }
        if (line == null) {
            throw new IllegalArgumentException(at + " has no table after its " + n + " comment lines (truncated?): "
                    + "write it again with " + kind + ".write");
        }
        n++;
        String[] header = split(line);
        ResultFile head = new ResultFile(at, kind, meta, metaLines, header, List.of(), List.of(), n);
        RowSink sink = sinkFor.apply(head);
        long count = 0;
        String end = null;
        for (line = in.readLine(); line != null; line = in.readLine()) {
            n++;
            if (line.startsWith("#")) {
                end = line;
                break;
            }
            int start = n;
            while (openQuote(line)) { // a quoted cell with a line break goes on
                String next = in.readLine();
                if (next == null) {
                    throw new IllegalArgumentException(at + " line " + start + ": a quoted cell is never closed: the "
                            + "file is truncated; write it again with " + kind + ".write");
                }
                n++;
                line = line + "\n" + next;
            }
            String[] cells = split(line);
            if (cells.length != header.length) {
                in.mark(1 << 16);
                boolean last = in.readLine() == null;
                throw new IllegalArgumentException(at + " line " + start + ": " + cells.length + " cells, expected "
                        + header.length + " (" + String.join(", ", header) + ")"
                        + (last ? ": the file is truncated; write it again" : ""));
            }
            head.line = start;
            sink.row(count++, cells);
        }
        String announced = "# end: " + count + " rows";
        if (end == null) {
            throw new IllegalArgumentException(at + " ends after " + count + " rows without its last line '# end: "
                    + "N rows': the file is truncated (a copy cut short?); write it again with " + kind + ".write");
        }
        if (!end.equals(announced) || in.readLine() != null) {
            throw new IllegalArgumentException(at + " line " + n + ": '" + clip(end) + "' after " + count
                    + " rows, expected '" + announced + "' as the last line (rows lost or added by hand?)");
        }
        return head;
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
    public IllegalArgumentException badCell(long row, String column, String problem) {
        int at = rowLines.isEmpty() ? (line > 0 ? line : headerLine + 1) : rowLines.get((int) Math.min(row, rowLines.size() - 1));
        return new IllegalArgumentException(file + " line " + at + ", column '" + column + "': "
                + problem + "; write the file again with " + kind + ".write");
    }

    /** The column's place among the columns (for a {@link RowSink}); a library bug if it is missing. */
    public int columnIndex(String name) {
        return column(name);
    }

    /** Cell {@code cells[column]} as a number (an empty cell is NaN), refused naming the line and column. */
    public double number(long row, String[] cells, int column) {
        return parse(row, columns[column], cells[column], "a number", c -> c.isEmpty() ? Double.NaN : Double.parseDouble(c));
    }

    /** Cell {@code cells[column]} as true or false, refused naming the line and column. */
    public boolean bool(long row, String[] cells, int column) {
        return parse(row, columns[column], cells[column], "true or false", ResultFile::parseBoolean);
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

    private <T> T parse(long row, String column, String cell, String what, java.util.function.Function<String, T> f) {
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
