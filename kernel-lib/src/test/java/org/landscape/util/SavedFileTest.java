package org.landscape.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@org.junit.jupiter.api.Tag("reliability")
class SavedFileTest {
    @TempDir
    Path dir;

    private static Fingerprint job(double rate) {
        return Fingerprint.of("ensemble run").add("architecture", "5-10-1").add("learning rate", rate)
                .add("seed", 42).add("data", new double[]{1, 2, 3}).build();
    }

    private static final double[] THETA = {0.1, -2.5e-300, Double.MIN_VALUE, -0.0, 7};

    private void save(Path file, Fingerprint f) {
        SavedFile.write(file, f, out -> {
            out.writeInt(THETA.length);
            for (double v : THETA) {
                out.writeDouble(v);
            }
        });
    }

    private static double[] load(Path file, Fingerprint f) throws SavedFile.Unusable {
        return SavedFile.read(file, f, in -> {
            double[] t = new double[in.readInt()];
            for (int i = 0; i < t.length; i++) {
                t[i] = in.readDouble();
            }
            return t;
        });
    }

    @Test
    void roundTripIsBitExactAndKeepsTheFingerprint() throws Exception {
        Path f = dir.resolve("sub/run.bin");
        save(f, job(0.1));
        double[] back = load(f, job(0.1));
        assertEquals(THETA.length, back.length);
        for (int i = 0; i < THETA.length; i++) {
            assertEquals(Double.doubleToRawLongBits(THETA[i]), Double.doubleToRawLongBits(back[i]));
        }
        assertEquals(job(0.1), SavedFile.fingerprint(f));
        assertEquals(job(0.1).digest(), SavedFile.fingerprint(f).digest());
        try (var files = Files.list(f.getParent())) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void everyTruncationIsReportedAsCorrupt() throws Exception {
        Path f = dir.resolve("run.bin");
        save(f, job(0.1));
        byte[] whole = Files.readAllBytes(f);
        for (int len = 0; len < whole.length; len++) {
            Files.write(f, java.util.Arrays.copyOf(whole, len));
            SavedFile.Unusable e = assertThrows(SavedFile.Unusable.class, () -> load(f, job(0.1)), "length " + len);
            assertEquals(SavedFile.Problem.CORRUPT, e.problem(), "length " + len + ": " + e.getMessage());
        }
    }

    @Test
    void everyFlippedByteIsReportedAsCorrupt() throws Exception {
        Path f = dir.resolve("run.bin");
        save(f, job(0.1));
        byte[] whole = Files.readAllBytes(f);
        for (int i = 0; i < whole.length; i++) {
            byte[] bad = whole.clone();
            bad[i] ^= 0x10;
            Files.write(f, bad);
            int at = i;
            SavedFile.Unusable e = assertThrows(SavedFile.Unusable.class, () -> load(f, job(0.1)), "byte " + at);
            assertEquals(SavedFile.Problem.CORRUPT, e.problem(), "byte " + i + ": " + e.getMessage());
        }
    }

    @Test
    void aForeignFileSaysWhatDiffers() {
        Path f = dir.resolve("run.bin");
        save(f, job(0.1));
        SavedFile.Unusable e = assertThrows(SavedFile.Unusable.class, () -> load(f, job(0.05)));
        assertEquals(SavedFile.Problem.FOREIGN, e.problem());
        assertTrue(e.getMessage().contains("learning rate: saved 0.1, now 0.05"), e.getMessage());
        assertTrue(e.getMessage().contains(f.toAbsolutePath().toString()), e.getMessage());
    }

    @Test
    void missingFileAndOtherFilesAreRefused() throws IOException {
        assertEquals(SavedFile.Problem.MISSING, assertThrows(SavedFile.Unusable.class,
                () -> load(dir.resolve("none.bin"), job(0.1))).problem());
        Path csv = dir.resolve("other.csv");
        Files.writeString(csv, "x,y\n1,2\n3,4\n5,6\n7,8\n9,10\n11,12\n");
        SavedFile.Unusable e = assertThrows(SavedFile.Unusable.class, () -> load(csv, job(0.1)));
        assertEquals(SavedFile.Problem.CORRUPT, e.problem());
        assertTrue(e.getMessage().contains("not a saved file"), e.getMessage());
    }

    @Test
    void aReaderThatReadsTooLittleOrTooMuchIsCaught() {
        Path f = dir.resolve("run.bin");
        save(f, job(0.1));
        SavedFile.Unusable little = assertThrows(SavedFile.Unusable.class,
                () -> SavedFile.read(f, job(0.1), in -> in.readInt()));
        assertTrue(little.getMessage().contains("only 4 were read"), little.getMessage());
        SavedFile.Unusable much = assertThrows(SavedFile.Unusable.class,
                () -> SavedFile.read(f, job(0.1), in -> in.readNBytes(1000).length == 1000 ? 1 : in.readLong()));
        assertEquals(SavedFile.Problem.CORRUPT, much.problem());
    }

    @Test
    void aFailedWriteKeepsTheOldFile() throws Exception {
        Path f = dir.resolve("run.bin");
        save(f, job(0.1));
        assertThrows(RuntimeException.class, () -> SavedFile.write(f, job(0.1), out -> {
            out.writeInt(99);
            throw new IOException("disk full (simulated)");
        }));
        assertArrayEquals(THETA, load(f, job(0.1)));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "the temporary file is removed");
        }
    }

    @Test
    void anInterruptedThreadCanStillSaveAndRead() throws Exception {
        // A notebook saves a computation's state exactly when its cell was interrupted: the flag is set then.
        Path f = dir.resolve("run.bin");
        Thread.currentThread().interrupt();
        try {
            save(f, job(0.1));
            assertArrayEquals(THETA, load(f, job(0.1)));
            assertTrue(Thread.currentThread().isInterrupted(), "the flag is left for the caller");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void fingerprintsCompareExactlyAndParseBack() {
        Fingerprint a = job(0.1);
        assertEquals(a, Fingerprint.parse(a.description()));
        assertEquals(List.of(), a.differences(job(0.1)));
        assertEquals(List.of("learning rate: saved 0.1, now 0.30000000000000004"), a.differences(job(0.1 + 0.2)));
        Fingerprint other = Fingerprint.of("ensemble run").add("architecture", "5-10-1").add("data", new double[]{1, 2, 4}).build();
        assertTrue(a.differences(other).stream().anyMatch(s -> s.startsWith("data: saved 3 doubles")));
        assertTrue(a.differences(other).contains("seed: saved 42, not set now"));
        assertThrows(IllegalArgumentException.class, () -> Fingerprint.of("k").add("a", 1).add("a", 2));
        assertThrows(IllegalArgumentException.class, () -> Fingerprint.of("k").add("a = b", 1));
        Fingerprint nested = Fingerprint.of("run").add("data", Fingerprint.of("dataset").add("rows", 10).build()).build();
        assertEquals("run\ndata = dataset\ndata.rows = 10", nested.description());
    }
}
