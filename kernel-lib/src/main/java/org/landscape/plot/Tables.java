package org.landscape.plot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
        Path target = file.toAbsolutePath();
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
            try {
                // a plain stream, not a channel: a channel closes when the thread is interrupted, and a notebook
                // saves its state exactly when its cell was interrupted
                try (java.io.FileOutputStream stream = new java.io.FileOutputStream(tmp.toFile());
                     java.io.Writer out = new java.io.BufferedWriter(new java.io.OutputStreamWriter(stream,
                             java.nio.charset.StandardCharsets.UTF_8), 1 << 16)) {
                    text.write(out);
                    out.flush();
                    stream.getFD().sync(); // on disk before the rename makes it the saved file (a power cut, not only a kill)
                }
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + target + ": " + e.getMessage(), e);
        }
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
