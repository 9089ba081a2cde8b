package org.landscape.hessian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape.data.Dataset;
import org.landscape.data.Synthetic;
import org.landscape.model.Activation;
import org.landscape.model.Architecture;
import org.landscape.model.Network;
import org.landscape.model.Risk;
import org.landscape.stats.Stats;

class NetworkCriticalPointsTest {
    private final Network net = Network.builder(Architecture.of(2, 3, 1)).activation(Activation.TANH).seed(1).build();
    private final Dataset data = Synthetic.teacher(25, 2, 5, 0.3, 7);
    private final Risk risk = Risk.of(net, data);

    @Test
    void theRiskAssemblyMatchesTheFourthOrderReference() {
        double[] theta = Fixtures.jiggle(net, 0.5, 3);
        DenseMatrix mine = Hessians.dense(risk, theta);
        DenseMatrix reference = Hessians.dense(HessianVectorProduct.at(net, data, theta).fourthOrder());
        assertTrue(mine.maxAbsDifference(reference) < 1e-8 * reference.maxAbs(),
                "difference " + mine.maxAbsDifference(reference));
    }

    @Test
    void minimaSearchEndsAtMinimaAndAnyIndexSearchAtCriticalPoints() {
        int minima = 0, critical = 0;
        for (long seed = 1; seed <= 6; seed++) {
            double[] start = Fixtures.jiggle(net, 0.5, seed);
            double[] min = NetworkCriticalPoints.descend(risk, start, 1000, NetworkCriticalPoints.Kind.MINIMA);
            assertTrue(risk.value(min) <= risk.value(start), "the minima search only descends");
            if (Vectors.norm(risk.gradient(min)) < 1e-8) {
                minima++;
                assertEquals(0, DenseEigen.all(Hessians.dense(risk, min)).index(), "a minimum");
            }
            double[] any = NetworkCriticalPoints.descend(risk, start, 1000, NetworkCriticalPoints.Kind.ANY_INDEX);
            assertTrue(Vectors.norm(risk.gradient(any)) <= Vectors.norm(risk.gradient(start)), "|grad| never rises");
            critical += Vectors.norm(risk.gradient(any)) < 1e-8 ? 1 : 0;
        }
        assertTrue(minima >= 1 && critical >= 1, minima + " minima, " + critical + " critical points of 6 searches");
    }

    @Test
    void searchAccountsForEveryStartAndKeepsOnePointPerCriticalPoint() {
        NetworkCriticalPoints found = NetworkCriticalPoints.search(net, data, 10, 5);
        for (NetworkCriticalPoints.Kind kind : NetworkCriticalPoints.Kind.values()) {
            long converged = found.found().stream().filter(p -> p.kind() == kind).count();
            assertEquals(10, converged + found.notConverged(kind), kind + ": every search is kept or counted");
        }
        assertTrue(found.found().stream().allMatch(p -> p.gradientNorm() < NetworkCriticalPoints.CRITICAL_GRADIENT));
        List<NetworkCriticalPoints.Point> distinct = found.distinct();
        for (int i = 0; i < distinct.size(); i++) {
            for (int j = i + 1; j < distinct.size(); j++) {
                NetworkCriticalPoints.Point a = distinct.get(i), b = distinct.get(j);
                assertTrue(a.index() != b.index() || Math.abs(a.loss() - b.loss()) >= 1e-9 * Math.max(1, a.loss()));
            }
        }
        assertEquals(found.minima().size() + found.saddles().size(), distinct.size());
        assertEquals(distinct.size(), found.table().rowCount());
        NetworkCriticalPoints again = NetworkCriticalPoints.search(net, data, 10, 5);
        assertEquals(found.summary(), again.summary(), "same seed, same numbers (starts run in parallel)");
    }

    @Test
    void correlationAndOrderingOfKnownPoints() {
        List<NetworkCriticalPoints.Point> points = List.of(point(0.1, 0, 0), point(0.2, 1, 0.1), point(0.3, 2, 0.2),
                point(0.4, 3, 0.3), point(0.5, 4, 0.4));
        Stats.Correlation c = NetworkCriticalPoints.correlation(points, 1);
        assertEquals(1.0, c.rho(), 1e-12);
        assertTrue(c.p() < 0.05);
        assertEquals(5, c.n());
        // a twin (same loss and index) is dropped; a different index at the same loss is kept
        assertEquals(2, NetworkCriticalPoints.distinct(List.of(point(0.1, 1, 0.1), point(0.1 + 1e-12, 1, 0.1),
                point(0.1, 2, 0.2))).size());
    }

    @Test
    void refusesBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> NetworkCriticalPoints.search(net, data, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> NetworkCriticalPoints.search(null, data, 5, 1));
    }

    @Test
    void readBackKeepsEveryPointAndRefusesTheirParametersNamingTheFile(@TempDir Path dir) {
        NetworkCriticalPoints found = sixStarts();
        assertTrue(found.found().size() >= 2, "the case needs points: " + found.summary());
        Path file = dir.resolve("points.csv");
        found.write(file);
        NetworkCriticalPoints back = NetworkCriticalPoints.read(file);
        assertEquals(found.found().size(), back.found().size());
        for (int i = 0; i < found.found().size(); i++) {
            NetworkCriticalPoints.Point p = found.found().get(i), q = back.found().get(i);
            assertEquals(Double.doubleToLongBits(p.loss()), Double.doubleToLongBits(q.loss()), "point " + i);
            assertEquals(Double.doubleToLongBits(p.gradientNorm()), Double.doubleToLongBits(q.gradientNorm()));
            assertEquals(Double.doubleToLongBits(p.indexFraction()), Double.doubleToLongBits(q.indexFraction()));
            assertEquals(p.index(), q.index());
            assertEquals(p.kind(), q.kind());
            assertEquals(p.start(), q.start());
            String m = assertThrows(IllegalStateException.class, q::theta).getMessage();
            assertTrue(m.contains(file.toAbsolutePath().toString()) && m.contains("search again"), m);
            assertEquals(net.parameterCount(), p.theta().length, "a point found here keeps its parameters");
        }
        assertEquals(found.distinct().size(), back.distinct().size());
        for (NetworkCriticalPoints.Kind kind : NetworkCriticalPoints.Kind.values()) {
            assertEquals(found.notConverged(kind), back.notConverged(kind));
            assertEquals(found.correlation(kind), back.correlation(kind), kind.toString());
        }
        assertEquals(found.starts(), back.starts());
        assertEquals(Double.doubleToLongBits(found.minimaBelowSaddles()), Double.doubleToLongBits(back.minimaBelowSaddles()));
    }

    @Test
    void aDamagedFileIsRefusedNamingItsLine(@TempDir Path dir) throws IOException {
        NetworkCriticalPoints found = sixStarts();
        Path file = dir.resolve("points.csv");
        found.write(file);
        List<String> lines = Files.readAllLines(file);
        int header = lines.indexOf("start,search,loss,|grad|,index,index fraction");
        assertTrue(header > 0 && lines.size() > header + 3, lines.toString());
        // the second point: |grad| too large for a critical point
        String[] cells = lines.get(header + 2).split(",");
        cells[3] = "0.001";
        String m = refusal(file, lines, header + 2, String.join(",", cells));
        assertTrue(m.contains("line " + (header + 3) + ", column '|grad|'") && m.contains("counted as not converged"), m);
        cells = lines.get(header + 2).split(",");
        cells[5] = "1.25";
        m = refusal(file, lines, header + 2, String.join(",", cells));
        assertTrue(m.contains("line " + (header + 3) + ", column 'index fraction'"), m);
        // the first two points swapped: out of start order
        m = refusal(file, lines, header + 1, lines.get(header + 2), header + 2, lines.get(header + 1));
        assertTrue(m.contains("line " + (header + 3) + ", column 'start'") && m.contains("start order"), m);
        int count = -1;
        for (int i = 0; i < header; i++) {
            count = lines.get(i).startsWith("# minima searches not converged: ") ? i : count;
        }
        assertTrue(count > 0, lines.toString());
        m = refusal(file, lines, count, "# minima searches not converged: " + (found.notConverged(
                NetworkCriticalPoints.Kind.MINIMA) + 1));
        assertTrue(m.contains("line " + (count + 1) + " ('# minima searches not converged')")
                && m.contains("are not its 6 starts"), m);
    }

    private static NetworkCriticalPoints sixStarts;

    /** One search from six starts for the tests of its file (made once: a few seconds). */
    private synchronized NetworkCriticalPoints sixStarts() {
        if (sixStarts == null) {
            sixStarts = NetworkCriticalPoints.search(net, data, 6, 5);
        }
        return sixStarts;
    }

    /** Writes {@code lines} with some lines replaced (line index, text, ...) and returns read's refusal. */
    private static String refusal(Path file, List<String> lines, Object... changes) throws IOException {
        List<String> changed = new java.util.ArrayList<>(lines);
        for (int i = 0; i < changes.length; i += 2) {
            changed.set((Integer) changes[i], (String) changes[i + 1]);
        }
        Files.write(file, changed);
        String m = assertThrows(IllegalArgumentException.class, () -> NetworkCriticalPoints.read(file)).getMessage();
        assertTrue(m.contains(file.toAbsolutePath().toString()) && m.contains("write the file again"), m);
        return m;
    }

    private static NetworkCriticalPoints.Point point(double loss, int index, double fraction) {
        return new NetworkCriticalPoints.Point(new double[0], loss, 0, index, fraction,
                NetworkCriticalPoints.Kind.ANY_INDEX, 0);
    }
}
