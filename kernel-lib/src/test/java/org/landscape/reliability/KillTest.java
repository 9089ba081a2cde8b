package org.landscape.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape.slice.Surface;
import org.landscape.train.Ensemble;
import org.landscape.util.SavedFile;

/**
 * kill -9 of a child JVM at random moments while it saves (SavedFile, Surface's CSV checkpoint) or trains an
 * ensemble: the last good file is always readable, and the ensemble resumes to exactly the uninterrupted result.
 */
@Tag("reliability")
class KillTest {
    private final Random random = new Random(20261203);

    /** A child JVM with the test classpath running {@link ChildJvm}; returns once it has printed "ready". */
    private static Process start(String mode, Path file, List<String> lines) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx400m", "--add-modules=jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), ChildJvm.class.getName(), mode, file.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            lines.add(line);
            if (line.equals("ready")) {
                Thread reader = new Thread(() -> {
                    try {
                        String l;
                        while ((l = out.readLine()) != null) {
                            synchronized (lines) {
                                lines.add(l);
                            }
                        }
                    } catch (java.io.IOException ignored) {
                        // the child was killed
                    }
                });
                reader.setDaemon(true);
                reader.start();
                return p;
            }
        }
        throw new AssertionError("the child JVM ended before it was ready: " + lines);
    }

    private static void kill(Process p) throws InterruptedException {
        p.destroyForcibly(); // SIGKILL
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the child JVM did not die");
    }

    /** Removes the temporary files a killed save left behind; returns how many there were. */
    private static int strayTemporaries(Path dir) throws Exception {
        int n = 0;
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.getFileName().toString().endsWith(".tmp")) {
                    Files.delete(f);
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * Waits until the child has finished its first save (however loaded the machine), so that the kill, a random
     * moment later, falls within the loop of saves.
     */
    private static void afterFirstSave(List<String> lines) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (lastReported(lines) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    /** The last generation the child said it had saved (0: none). */
    private static long lastReported(List<String> lines) {
        synchronized (lines) {
            long g = 0;
            for (String l : lines) {
                if (l.startsWith("saved ")) {
                    g = Long.parseLong(l.substring(6).trim());
                }
            }
            return g;
        }
    }

    private static long readGeneration(Path file) throws SavedFile.Unusable {
        return SavedFile.read(file, ChildJvm.SAVED, in -> {
            long g = in.readLong();
            for (int i = 0; i < ChildJvm.DOUBLES; i++) {
                double v = in.readDouble();
                if (v != g) {
                    throw new java.io.IOException("value " + i + " is " + v + " in generation " + g + ": a mixture");
                }
            }
            return g;
        });
    }

    @Test
    void aSavedFileKilledDuringItsSaveKeepsTheLastGoodOne(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run.saved");
        SavedFile.write(file, ChildJvm.SAVED, out -> {
            out.writeLong(0);
            for (int i = 0; i < ChildJvm.DOUBLES; i++) {
                out.writeDouble(0);
            }
        });
        long last = 0;
        int midSave = 0;
        int kills = 8;
        for (int k = 0; k < kills; k++) {
            List<String> lines = new ArrayList<>();
            Process p = start("savedfile", file, lines);
            afterFirstSave(lines);
            Thread.sleep(random.nextInt(300));
            kill(p);
            long g = readGeneration(file); // throws if the kill left an unreadable file
            assertTrue(g >= lastReported(lines), "a save the child finished is never lost: " + g + " < " + lines);
            last = Math.max(last, g);
            midSave += strayTemporaries(dir) > 0 ? 1 : 0;
        }
        assertTrue(last > 0, "the children saved new generations before they were killed");
        assertTrue(midSave > 0, "at least one kill fell in the middle of a save (" + midSave + " of " + kills + ")");
    }

    @Test
    void aSurfaceCheckpointKilledDuringItsSaveKeepsTheLastGoodOne(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("surface.csv");
        Surface.evaluate("generation", ChildJvm.X, ChildJvm.Y, (x, y) -> 0).write(file);
        int midSave = 0;
        double last = 0;
        int kills = 5;
        for (int k = 0; k < kills; k++) {
            List<String> lines = new ArrayList<>();
            Process p = start("csv", file, lines);
            afterFirstSave(lines);
            Thread.sleep(random.nextInt(300));
            kill(p);
            Surface s = Surface.read(file); // throws if the kill left an unreadable file
            assertTrue(s.value(0, 0) >= lastReported(lines), "a save the child finished is never lost");
            double first = s.value(0, 0);
            for (double[] row : s.values()) {
                for (double x : row) {
                    assertEquals(first, x, 0, "one generation, not a mixture");
                }
            }
            last = Math.max(last, first);
            midSave += strayTemporaries(dir) > 0 ? 1 : 0;
        }
        assertTrue(last > 0, "the children saved new generations before they were killed");
        assertTrue(midSave > 0, "at least one kill fell in the middle of a save (" + midSave + " of " + kills + ")");
    }

    @Test
    void anEnsembleKilledAtRandomMomentsResumesToTheUninterruptedResultBitForBit(@TempDir Path dir) throws Exception {
        Path runs = dir.resolve("runs");
        List<Integer> savedAfterKill = new ArrayList<>();
        for (int kill = 0; kill < 2; kill++) {
            Process p = start("ensemble", runs, new ArrayList<>());
            int before = countRuns(runs);
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (countRuns(runs) == before && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5); // until this child has saved a run: the kill then falls within the ensemble
            }
            Thread.sleep(random.nextInt(250));
            kill(p);
            savedAfterKill.add(countRuns(runs));
        }
        strayTemporaries(dir); // (none expected at the top; the runs' own directory is checked by the resume below)
        assertTrue(savedAfterKill.stream().anyMatch(n -> n < 8), "some kill fell before the ensemble ended: " + savedAfterKill);
        Ensemble.Result resumed = ChildJvm.ensemble(runs); // this JVM finishes what the killed ones left
        assertEquals(savedAfterKill.get(1), resumed.resumed(), resumed.summary());
        assertEquals(List.of(), resumed.notes(), "no damaged file: " + resumed.summary());
        Ensemble.Result whole = ChildJvm.ensemble(null);
        for (int i = 0; i < 8; i++) {
            assertArrayEquals(whole.outcomes().get(i).parameters(), resumed.outcomes().get(i).parameters(), 0,
                    "run " + i + " bit for bit");
            assertEquals(Double.doubleToRawLongBits(whole.outcomes().get(i).trainLoss),
                    Double.doubleToRawLongBits(resumed.outcomes().get(i).trainLoss));
        }
    }

    private static int countRuns(Path runs) throws Exception {
        if (!Files.isDirectory(runs)) {
            return 0;
        }
        // The child renames its temporaries while we walk: a file that vanishes mid-walk means "look again".
        for (int attempt = 0; ; attempt++) {
            try (var walk = Files.walk(runs)) {
                return (int) walk.filter(f -> f.getFileName().toString().startsWith("run-")
                        && f.getFileName().toString().endsWith(".saved")).count();
            } catch (java.io.UncheckedIOException e) {
                if (!(e.getCause() instanceof java.nio.file.NoSuchFileException) || attempt == 100) {
                    throw e;
                }
            }
        }
    }
}
