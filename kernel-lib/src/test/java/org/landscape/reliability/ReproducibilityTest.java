package org.landscape.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, item 17: what README promises about reproducibility. The same seed gives the same bits whatever the size
 * of the thread pool (the sums are cut into a fixed number of chunks, added in order); without the Vector API the
 * results differ only by rounding (measured: at most a few 1e-16 relative; the bound checked is 1e-12).
 */
@Tag("reliability")
class ReproducibilityTest {
    private static Process probe(Path out, boolean vector, String... properties) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx400m"));
        if (vector) {
            command.add("--add-modules=jdk.incubator.vector");
        }
        command.addAll(List.of(properties));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ReproducibilityProbe.class.getName(),
                "core", out.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.resolveSibling(
                out.getFileName() + ".log").toFile()).start();
    }

    private static Map<String, double[]> read(Path file) throws Exception {
        Map<String, double[]> m = new LinkedHashMap<>();
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            while (in.available() > 0) {
                String name = in.readUTF();
                double[] v = new double[in.readInt()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = in.readDouble();
                }
                m.put(name, v);
            }
        }
        return m;
    }

    @Test
    void theSameSeedGivesTheSameBitsWithAnyThreadCountAndNearlyTheSameWithoutTheVectorApi(@TempDir Path dir)
            throws Exception {
        Path one = dir.resolve("pool0"), four = dir.resolve("pool3"), plain = dir.resolve("novector");
        Process[] p = {
                probe(one, true, "-Djava.util.concurrent.ForkJoinPool.common.parallelism=0"),
                probe(four, true, "-Djava.util.concurrent.ForkJoinPool.common.parallelism=3"),
                probe(plain, false)};
        for (Process q : p) {
            assertTrue(q.waitFor(180, TimeUnit.SECONDS), "probe finished");
        }
        for (Path f : new Path[]{one, four, plain}) {
            assertEquals(0, p[f == one ? 0 : f == four ? 1 : 2].exitValue(),
                    Files.readString(f.resolveSibling(f.getFileName() + ".log")));
        }
        Map<String, double[]> a = read(one), b = read(four), c = read(plain);
        assertEquals(3, a.size());
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k), b.get(k), 0, k + ": one thread and four give the same bits");
            double scale = 0, diff = 0;
            for (int i = 0; i < a.get(k).length; i++) {
                scale = Math.max(scale, Math.abs(a.get(k)[i]));
                diff = Math.max(diff, Math.abs(a.get(k)[i] - c.get(k)[i]));
            }
            assertTrue(diff <= 1e-12 * scale, k + ": without the Vector API the difference is " + diff / scale
                    + " relative");
        }
    }
}
