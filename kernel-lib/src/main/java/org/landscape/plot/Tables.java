package org.landscape.plot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/** Tables to and from CSV through Tablesaw: written atomically, read with a clear error naming the file. */
public final class Tables {
    private Tables() {
    }

    /** Writes the table as CSV to a temporary file beside {@code file}, then renames it over {@code file}. */
    public static void write(Table table, Path file) {
        writeAtomically(file, out -> table.write().csv(tech.tablesaw.io.csv.CsvWriteOptions.builder(out).lineEnd("\n").build()));
    }

    /** Writes text through a {@link java.io.Writer}, streamed. */
    @FunctionalInterface
    interface TextWriter {
        void write(java.io.Writer out) throws IOException;
    }

    /**
     * Streams {@code text} to a temporary file beside {@code file}, then renames it over {@code file}: a kill during
     * the write leaves the previous file whole, and a file larger than the heap can be written.
     */
    static void writeAtomically(Path file, TextWriter text) {
        org.landscape.util.AtomicFile.write(file, stream -> {
            java.io.Writer out = new java.io.OutputStreamWriter(stream, java.nio.charset.StandardCharsets.UTF_8);
            text.write(out);
            out.flush();
        });
    }

    /**
     * Reads a CSV file written by {@link #write} or by a result's {@code write} (its {@code #} comment lines are
     * skipped), as a plain table; a missing or malformed file is reported with its path.
     */
    public static Table read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such file: " + file.toAbsolutePath());
        }
        try {
            return Table.read().csv(CsvReadOptions.builder(file.toFile()).commentPrefix('#').build());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("could not read " + file.toAbsolutePath() + " as a CSV table: "
                    + e.getMessage(), e);
        }
    }
}
