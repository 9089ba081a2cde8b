package org.landscape.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.landscape.data.Dataset;
import org.landscape.plot.ReadBack;

/** A path sum read back from its file: what it gives back, what it refuses, and a damaged file. */
class PathSumTest {
    /** 4-3-2-2 ReLU with biases on examples with labels -1 or +1: two hidden layers, two outputs, bias paths. */
    private static PathSum sum() {
        Random random = new Random(21);
        double[][] x = new double[12][4], y = new double[12][2];
        for (int r = 0; r < x.length; r++) {
            for (int i = 0; i < 4; i++) {
                x[r][i] = random.nextInt(4) == 0 ? 0 : random.nextGaussian();
            }
            y[r][0] = random.nextBoolean() ? 1 : -1;
            y[r][1] = -y[r][0];
        }
        Network net = Network.builder(Architecture.of(4, 3, 2, 2)).activation(Activation.RELU).seed(5).build();
        return Paths.of(net).on(Dataset.of("signs", x, y));
    }

    private static void assertBits(double[][] expected, double[][] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                assertEquals(Double.doubleToLongBits(expected[i][j]), Double.doubleToLongBits(actual[i][j]),
                        what + " [" + i + "][" + j + "]");
            }
        }
    }

    /** The same columns and cells, doubles bit for bit. */
    static void assertSameTable(tech.tablesaw.api.Table expected, tech.tablesaw.api.Table actual) {
        assertEquals(expected.name(), actual.name());
        assertEquals(expected.columnNames(), actual.columnNames());
        assertEquals(expected.rowCount(), actual.rowCount());
        for (int c = 0; c < expected.columnCount(); c++) {
            for (int r = 0; r < expected.rowCount(); r++) {
                String what = expected.column(c).name() + " row " + r;
                if (expected.column(c) instanceof tech.tablesaw.api.DoubleColumn d) {
                    assertEquals(Double.doubleToLongBits(d.getDouble(r)),
                            Double.doubleToLongBits(actual.doubleColumn(c).getDouble(r)), what);
                } else {
                    assertEquals(expected.column(c).getString(r), actual.column(c).getString(r), what);
                }
            }
        }
    }

    @Test
    void readBackKeepsTheOutputsAndExampleZeroAndRefusesTheRestNamingTheFile(@TempDir Path dir) {
        PathSum sum = sum();
        Path file = dir.resolve("sum.csv");
        sum.write(file);
        PathSum back = PathSum.read(file);
        assertBits(sum.outputs(), back.outputs(), "outputs");
        assertBits(sum.forward(), back.forward(), "forward");
        assertEquals(sum.size(), back.size());
        for (int e = 0; e < sum.size(); e++) {
            assertEquals(sum.activePaths(e), back.activePaths(e), "active paths of example " + e);
        }
        assertEquals(sum.activeShare(), back.activeShare(), 0);
        assertEquals(sum.hingeRisk(1), back.hingeRisk(1), 0);
        assertEquals(sum.hingeRisk(0.3), back.hingeRisk(0.3), 0);
        assertEquals(sum.maxRelativeError(), back.maxRelativeError(), 0);
        for (int c = 0; c < 2; c++) {
            assertArrayEquals(sum.terms(0, c), back.terms(0, c), 0, "example 0's terms of output " + c);
        }
        for (long p = 0; p < 48; p++) {   // Psi = 4 x 3 x 2 x 2
            assertEquals(Double.doubleToLongBits(sum.term(p, 0)), Double.doubleToLongBits(back.term(p, 0)), "path " + p);
            // term, terms and the path table give one number: the gates multiplied in one order
            assertEquals(Double.doubleToLongBits(sum.terms(0, (int) (p % 2))[(int) (p / 2)]),
                    Double.doubleToLongBits(sum.term(p, 0)), "term and terms of path " + p);
        }
        assertSameTable(sum.pathTable(0), back.pathTable(0));
        assertEquals(sum.pathTable(3).doubleColumn("X A prod w").getDouble(7), sum.term(7, 3), 0);

        String name = file.toAbsolutePath().toString();
        List<Executable> refused = List.of(back::paths, () -> back.inputs(0), () -> back.activations(5),
                () -> back.assumptions(40, 1), () -> back.terms(1, 0), () -> back.term(3, 2), () -> back.pathTable(11));
        for (Executable call : refused) {
            String m = assertThrows(IllegalStateException.class, call).getMessage();
            assertTrue(m.contains(name) && m.contains("are not in") && m.contains("Paths.of(net).on(data)"), m);
        }
        assertTrue(assertThrows(IllegalStateException.class, back::paths).getMessage().contains("network"));
        assertTrue(assertThrows(IllegalStateException.class, () -> back.terms(1, 0)).getMessage().contains("example 1"));
        assertThrows(IllegalArgumentException.class, () -> back.terms(12, 0), "no such example, as before");
        assertThrows(IllegalArgumentException.class, () -> back.term(48, 0), "no such path, as before");
    }

    /** {@code lines} written as {@code file}, and its refusal: it names the file and how to get a good one. */
    private static String refusal(Path file, List<String> lines) {
        return ReadBack.refusal(file, lines, PathSum::read, "write the file again with PathSum.write");
    }

    @Test
    void aDamagedFileIsRefusedNamingTheLine(@TempDir Path dir) throws IOException {
        Path good = dir.resolve("sum.csv"), file = dir.resolve("damaged.csv");
        sum().write(good);
        List<String> lines = Files.readAllLines(good);
        int firstOutput = ReadBack.index(lines, "example,") + 1, firstPath = ReadBack.index(lines, ",,,,,,,,,0,");
        assertEquals(firstOutput + 24, firstPath, "12 examples x 2 outputs, then the paths");

        // one example more than the rows hold: a path's row where example 12's outputs belong
        List<String> damaged = new java.util.ArrayList<>(lines);
        damaged.set(ReadBack.index(lines, "# examples:"), "# examples: 13");
        String m = refusal(file, damaged);
        assertTrue(m.contains("line " + (firstPath + 1) + ", column 'example'") && m.contains("example 12, output 0 belongs"), m);

        // a forward pass edited by hand no longer gives the file's difference
        damaged = new java.util.ArrayList<>(lines);
        String[] cells = lines.get(firstOutput + 5).split(",", -1);
        cells[2] = "0.5";
        damaged.set(firstOutput + 5, String.join(",", cells));
        m = refusal(file, damaged);
        assertTrue(m.contains("line " + (firstOutput + 6) + ", column 'difference'")
                && m.contains("is not the sum over paths minus the forward pass"), m);

        // a second path from input 0 with another X
        damaged = new java.util.ArrayList<>(lines);
        cells = lines.get(firstPath + 3).split(",", -1);
        cells[11] = "42.0";
        damaged.set(firstPath + 3, String.join(",", cells));
        m = refusal(file, damaged);
        assertTrue(m.contains("line " + (firstPath + 4) + ", column 'X (example 0)'") && m.contains("from the same input 0"), m);

        // widths that are not a list, and a path row lost (the end line changed to match)
        damaged = new java.util.ArrayList<>(lines);
        int widths = ReadBack.index(lines, "# widths:");
        damaged.set(widths, "# widths: 4-3-2-2");
        m = refusal(file, damaged);
        assertTrue(m.contains("line " + (widths + 1) + " ('# widths')") && m.contains("like [3, 4, 1]"), m);
        damaged = new java.util.ArrayList<>(lines);
        damaged.remove(damaged.size() - 2);
        damaged.set(damaged.size() - 1, "# end: " + (24 + 47) + " rows");
        m = refusal(file, damaged);
        assertTrue(m.contains("line " + (widths + 1)) && m.contains("call for 48 path rows, the file has 47"), m);
    }
}
