package org.landscape.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** For the tests of results read back: a written file with one line changed, and the refusal that file gets. */
public final class ReadBack {
    private ReadBack() {
    }

    /** The 1-based number of the first line of {@code file} that starts with {@code prefix}. */
    public static int line(Path file, String prefix) {
        return index(lines(file), prefix) + 1;
    }

    /** The 0-based index of the first of {@code lines} that starts with {@code prefix}. */
    public static int index(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no line starts with '" + prefix + "' in " + lines);
    }

    /**
     * The first of {@code lines} that starts with {@code prefix} set to {@code prefix + value}; its 1-based number.
     */
    public static int replace(List<String> lines, String prefix, String value) {
        int i = index(lines, prefix);
        lines.set(i, prefix + value);
        return i + 1;
    }

    /** A copy of {@code file} (as {@code damaged}) whose line {@code number} (1-based) is changed by {@code edit}. */
    public static Path damaged(Path file, Path damaged, int number, UnaryOperator<String> edit) {
        List<String> lines = lines(file);
        String changed = edit.apply(lines.get(number - 1));
        assertTrue(!changed.equals(lines.get(number - 1)), "the edit changes line " + number + ": " + changed);
        lines.set(number - 1, changed);
        try {
            Files.write(damaged, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return damaged;
    }

    /** Line {@code cells} with cell {@code column} (0-based; cells are numbers, without commas) set to {@code value}. */
    public static String cell(String line, int column, String value) {
        String[] cells = line.split(",", -1);
        cells[column] = value;
        return String.join(",", cells);
    }

    /** The edit that sets cell {@code column} (0-based) of a line to {@code value}: {@link #cell(String, int, String)}. */
    public static UnaryOperator<String> cell(int column, String value) {
        return l -> cell(l, column, value);
    }

    /** The message with which {@code read} refuses {@code file}; it names the file. */
    public static String refusal(Path file, Function<Path, ?> read) {
        String m = assertThrows(IllegalArgumentException.class, () -> read.apply(file)).getMessage();
        assertTrue(m.contains(file.toAbsolutePath().toString()), "names the file: " + m);
        return m;
    }

    /** {@code lines} written as {@code file}, and the message with which {@code read} refuses it; it names the file. */
    public static String refusal(Path file, List<String> lines, Function<Path, ?> read) {
        try {
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return refusal(file, read);
    }

    /**
     * A copy of {@code file} (as {@code damaged}) whose line {@code number} (1-based) is changed by {@code edit}, and
     * the message with which {@code read} refuses it; it names the file and the line ("FILE line NUMBER").
     */
    public static String refusalAt(Path file, Path damaged, int number, UnaryOperator<String> edit,
            Function<Path, ?> read) {
        String m = refusal(damaged(file, damaged, number, edit), read);
        assertTrue(m.contains(damaged.toAbsolutePath() + " line " + number), "names the file and line " + number
                + ": " + m);
        return m;
    }

    /** As {@link #refusal(Path, List, Function)}; the message also says {@code says}. */
    public static String refusal(Path file, List<String> lines, Function<Path, ?> read, String says) {
        String m = refusal(file, lines, read);
        assertTrue(m.contains(says), "says '" + says + "': " + m);
        return m;
    }

    /**
     * {@code result} written in {@code dir}, and the message with which {@code read} refuses a copy whose line
     * {@code offset} after the first that starts with {@code prefix} is changed by {@code edit}: it names the file and
     * that line ({@link #refusalAt(Path, Path, int, UnaryOperator, Function)}) and says {@code says}.
     */
    public static String refusalAt(Result result, Path dir, String prefix, int offset, UnaryOperator<String> edit,
            Function<Path, ?> read, String says) {
        Path file = dir.resolve("written.csv");
        result.write(file);
        String m = refusalAt(file, dir.resolve("damaged.csv"), line(file, prefix) + offset, edit, read);
        assertTrue(m.contains(says), "says '" + says + "': " + m);
        return m;
    }

    /** The same summary and the same picture, pixel for pixel. */
    public static void sameDisplay(Result expected, Result actual) {
        assertEquals(expected.summary(), actual.summary());
        sameImage(expected.figure().image(), actual.figure().image());
    }

    /** The same picture, pixel for pixel. */
    public static void sameImage(BufferedImage e, BufferedImage a) {
        assertEquals(e.getWidth(), a.getWidth());
        assertEquals(e.getHeight(), a.getHeight());
        assertArrayEquals(e.getRGB(0, 0, e.getWidth(), e.getHeight(), null, 0, e.getWidth()),
                a.getRGB(0, 0, a.getWidth(), a.getHeight(), null, 0, a.getWidth()), "the same picture");
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
