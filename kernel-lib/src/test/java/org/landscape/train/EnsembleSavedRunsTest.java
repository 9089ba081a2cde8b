package org.landscape.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape.data.Dataset;
import org.landscape.data.Synthetic;
import org.landscape.model.Activation;
import org.landscape.model.Architecture;
import org.landscape.model.Network;
import org.landscape.util.Fingerprint;

/** Issue 10, items 4-6: saved ensemble runs know what made them; damaged, missing and foreign files are never used. */
@Tag("reliability")
class EnsembleSavedRunsTest {
    private final Dataset data = Synthetic.randomLabels(20, 2, 5);
    private final Network.Builder builder = Network.builder(Architecture.of(2, 3, 1)).activation(Activation.TANH);

    private Ensemble.Result train(double rate, Path dir) {
        return Ensemble.train("e", builder, Trainer.gradientDescent(rate).steps(30), data, 4, 7, dir);
    }

    private static List<Path> runFiles(Path dir) throws Exception {
        try (var jobs = Files.list(dir)) {
            Path job = jobs.filter(Files::isDirectory).findFirst().orElseThrow();
            try (var files = Files.list(job)) {
                return files.filter(f -> f.getFileName().toString().startsWith("run-")).sorted().collect(Collectors.toList());
            }
        }
    }

    private static void assertSameRuns(Ensemble.Result a, Ensemble.Result b) {
        assertEquals(a.outcomes().size(), b.outcomes().size());
        for (int i = 0; i < a.outcomes().size(); i++) {
            Ensemble.Outcome x = a.outcomes().get(i), y = b.outcomes().get(i);
            assertEquals(x.seed, y.seed);
            assertEquals(Double.doubleToRawLongBits(x.trainLoss), Double.doubleToRawLongBits(y.trainLoss), "run " + i);
            assertArrayEquals(x.parameters(), y.parameters(), 0, "run " + i + " bit for bit");
        }
    }

    @Test
    void damagedAndMissingRunsAreReportedAndComputedAgainNeverUsed(@TempDir Path dir) throws Exception {
        Ensemble.Result first = train(0.05, dir);
        assertEquals(0, first.resumed());
        assertSameRuns(train(0.05, null), first);
        List<Path> files = runFiles(dir);
        assertEquals(4, files.size());
        // the reproduction of the issue: truncate -s 100 on one run; a flipped byte in another; a third deleted
        try (var ch = java.nio.channels.FileChannel.open(files.get(1), java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(100);
        }
        byte[] bytes = Files.readAllBytes(files.get(2));
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(files.get(2), bytes);
        Files.delete(files.get(3));
        Ensemble.Result again = train(0.05, dir);
        assertEquals(1, again.resumed(), again.summary());
        assertSameRuns(first, again);
        assertEquals(2, again.notes().size(), again.summary());
        assertTrue(again.notes().get(0).startsWith("run 1 (seed 8): its saved file is unusable"), again.notes().get(0));
        assertTrue(again.notes().get(0).contains("truncated"), again.notes().get(0));
        assertTrue(again.notes().get(1).startsWith("run 2 (seed 9)") && again.notes().get(1).contains("computed again"),
                again.notes().get(1));
        assertTrue(again.summary().contains("run 1 (seed 8)"), "the summary shows each damaged run: " + again.summary());
        Ensemble.Result third = train(0.05, dir);
        assertEquals(4, third.resumed(), "the recomputed runs were saved again");
        assertEquals(List.of(), third.notes());
        assertSameRuns(first, third);
    }

    @Test
    void anotherJobInTheSameDirectoryIsReportedWithWhatDiffersAndNeitherUsedNorOverwritten(@TempDir Path dir)
            throws Exception {
        Ensemble.Result slow = train(0.05, dir);
        Ensemble.Result fast = train(0.1, dir);
        assertEquals(0, fast.resumed(), "another learning rate: nothing of the first job is used");
        assertSameRuns(train(0.1, null), fast);
        assertTrue(fast.notes().stream().anyMatch(n -> n.contains("another job")
                && n.contains("learning rate: saved 0.05, now 0.1") && n.contains("not used")), fast.summary());
        Ensemble.Result slowAgain = train(0.05, dir);
        assertEquals(4, slowAgain.resumed(), "the first job's runs are intact");
        assertSameRuns(slow, slowAgain);
        // other settings are part of the job too: architecture, data
        Ensemble.Result wider = Ensemble.train("e", Network.builder(Architecture.of(2, 4, 1)),
                Trainer.gradientDescent(0.05).steps(30), data, 4, 7, dir);
        assertEquals(0, wider.resumed());
        assertTrue(wider.notes().stream().anyMatch(n -> n.contains("architecture: saved (2-3-1), now (2-4-1)")),
                wider.summary());
        Dataset other = Synthetic.randomLabels(20, 2, 6);
        Ensemble.Result otherData = Ensemble.train("e", builder, Trainer.gradientDescent(0.05).steps(30), other, 4, 7, dir);
        assertEquals(0, otherData.resumed());
        assertTrue(otherData.notes().stream().anyMatch(n -> n.contains("data.features: saved 40 doubles")),
                otherData.summary());
    }

    @Test
    void aForeignFileWhereThisJobsRunBelongsIsRefusedNotOverwritten(@TempDir Path dir) throws Exception {
        train(0.05, dir.resolve("a"));
        train(0.1, dir.resolve("b"));
        Path foreign = runFiles(dir.resolve("a")).get(0);
        Path mine = runFiles(dir.resolve("b")).get(0);
        Files.copy(foreign, mine, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        byte[] before = Files.readAllBytes(mine);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> train(0.1, dir.resolve("b")));
        assertTrue(e.getMessage().contains("another job") && e.getMessage().contains("learning rate: saved 0.05, now 0.1")
                && e.getMessage().contains("move that file away"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(mine), "the other job's file is left as it was");
    }

    @Test
    void aFailedRunIsReportedAsFailedWhileNothingChangedAndRetriedOnceItsCauseIsFixed(@TempDir Path dir) {
        Ensemble.Result diverged = train(1e6, dir);
        assertEquals(0, diverged.finished().size(), diverged.summary());
        Ensemble.Result same = train(1e6, dir);
        assertEquals(4, same.resumed());
        assertEquals(0, same.finished().size(), "a diverged run is never reported as finished");
        assertTrue(same.summary().contains("4 diverged"), same.summary());
        assertEquals(4, same.notes().size(), same.summary());
        assertTrue(same.notes().get(0).startsWith("run 0 (seed 7) diverged") && same.notes().get(0).contains("kept as such"),
                same.notes().get(0));
        Ensemble.Result fixed = train(0.05, dir);
        assertEquals(4, fixed.finished().size(), "the fixed job computes them again: " + fixed.summary());

        // a job that throws for one run, fixed by a setting that is part of its fingerprint
        AtomicInteger calls = new AtomicInteger();
        for (boolean fix : new boolean[]{false, false, true}) {
            Fingerprint what = Fingerprint.of("job").add("fixed", fix).build();
            Ensemble.Result r = Ensemble.run("j", 3, 0, dir.resolve("jobs"), what, (index, seed) -> {
                calls.incrementAndGet();
                if (index == 1 && !fix) {
                    throw new IllegalStateException("bug in run 1");
                }
                return Trainer.gradientDescent(0.05).steps(3).progress(false).train(builder.seed(seed).build(), data);
            });
            assertEquals(fix ? 3 : 2, r.finished().size(), r.summary());
            assertTrue(r.summary().contains(fix ? "0 failed" : "1 failed"), r.summary());
        }
        assertEquals(3 + 0 + 3, calls.get(), "the unchanged job computed nothing again; the fixed one everything");
    }

    @Test
    void aDirectoryNeedsToKnowWhatTheJobComputes(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ensemble.run("bare", 2, dir,
                (i, s) -> Trainer.gradientDescent(0.05).steps(2).progress(false).train(builder.seed(s).build(), data)));
        assertTrue(e.getMessage().startsWith("directory:") && e.getMessage().contains("Fingerprint")
                && e.getMessage().contains("Ensemble.train"), e.getMessage());
    }

    @Test
    void runsSavedByAnEarlierVersionAreReportedAndLeftAlone(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("run-00000.csv"), "0,7,0.1,NaN,NaN,NaN,30,0.01,\n");
        Files.write(dir.resolve("run-00000.theta"), new byte[100]);
        Ensemble.Result r = train(0.05, dir);
        assertEquals(0, r.resumed());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("earlier version")), r.summary());
        assertTrue(Files.exists(dir.resolve("run-00000.theta")));
    }

    @Test
    void withoutADirectoryAnInterruptedEnsembleResumesInTheKernelWhenItsJobIsKnown() {
        AtomicInteger calls = new AtomicInteger();
        Fingerprint what = Fingerprint.of("job").add("rate", 0.05).build();
        Ensemble.Job job = (index, seed) -> {
            calls.incrementAndGet();
            if (index == 2 && calls.get() == 3) {
                Thread.currentThread().interrupt(); // the user interrupts the cell during run 2
            }
            return Trainer.gradientDescent(0.05).steps(5).progress(false).train(builder.seed(seed).build(), data);
        };
        CancellationException stop = assertThrows(CancellationException.class,
                () -> Ensemble.run("kept", 5, 0, null, what, job));
        assertTrue(Thread.interrupted());
        assertTrue(stop.getMessage().contains("after 3 of 5 runs") && stop.getMessage().contains("resumes"),
                stop.getMessage());
        Ensemble.Result resumed = Ensemble.run("kept", 5, 0, null, what, job);
        assertEquals(3, resumed.resumed());
        assertEquals(5, calls.get(), "only runs 3 and 4 are computed after the interruption");
        assertSameRuns(Ensemble.run("fresh", 5, 0, null, what, (i, s) -> Trainer.gradientDescent(0.05).steps(5)
                .progress(false).train(builder.seed(s).build(), data)), resumed);

        // a bare job cannot be recognised again: its message says that running again starts over
        CancellationException bare = assertThrows(CancellationException.class, () -> Ensemble.run("bare", 3, null,
                (i, s) -> {
                    Thread.currentThread().interrupt();
                    return Trainer.gradientDescent(0.05).steps(2).progress(false).train(builder.seed(s).build(), data);
                }));
        assertTrue(Thread.interrupted());
        assertTrue(bare.getMessage().contains("starts over"), bare.getMessage());
        assertFalse(bare.getMessage().contains("resumes"), bare.getMessage());
    }

    @Test
    void ensembleTrainWithoutADirectoryResumesAfterAnInterruption() {
        Trainer trainer = Trainer.gradientDescent(0.05).steps(30);
        Ensemble.Result whole = Ensemble.train("t", builder, trainer, data, 3, 0);
        Thread.currentThread().interrupt(); // the cell is interrupted during the first run: that run is kept
        assertThrows(CancellationException.class, () -> Ensemble.train("t", builder, trainer, data, 3, 0));
        assertTrue(Thread.interrupted());
        Ensemble.Result again = Ensemble.train("t", builder, trainer, data, 3, 0);
        assertEquals(1, again.resumed());
        assertSameRuns(whole, again);
    }
}
