package org.landscape.spinglass;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape.display.MimeBundle;
import org.landscape.stats.Stats;
import tech.tablesaw.api.Table;

class DescentStudyTest {

    @Test
    void aStudyIsTheDescentsOfEachSizeWithTheirStatisticsTableAndFits() {
        DescentStudy study = DescentStudy.sizes(12, 20).walkers(12).tolerance(1e-3).indexChecks(3).run();
        for (int i = 0; i < 2; i++) {
            int lambda = new int[]{12, 20}[i];
            try (SphericalSpinGlass glass = SphericalSpinGlass.of(lambda, 3, 1000 + lambda)) {
                DescentResult alone = Descent.walkers(12).tolerance(1e-3).seed(2015 + lambda).run(glass);
                assertArrayEquals(alone.energies(), study.results().get(i).energies(), 0.0, "lambda " + lambda);
                assertEquals(alone.std(), study.stds()[i], 0.0);
                assertEquals(Stats.mean(alone.minimaPerSite()) + Complexity.eInfinity(3), study.distances()[i], 1e-15);
            }
        }
        assertEquals(Stats.powerLaw(new double[]{12, 20}, study.stds()).slope(), study.spreadFit().slope(), 0.0);
        assertEquals(Stats.logLinear(new double[]{12, 20}, study.means()).slope(), study.meanFit().slope(), 0.0);
        assertEquals(6, study.indicesChecked());
        Table t = study.table();
        assertEquals(2, t.rowCount());
        assertTrue(t.columnCount() <= 11, "a table that fits the output area");
        assertEquals(study.means()[0], t.doubleColumn("mean").get(0), 5e-5, "rounded to 4 decimals");
        assertEquals(String.format(java.util.Locale.ROOT, "%.4f", t.doubleColumn("mean").get(0)), t.doubleColumn("mean").getString(0),
                "shown with 4 decimals");
        assertEquals("[0.1235, -2.0000]", DescentStudy.rounded(new double[]{0.12345, -2}));
        assertTrue(study.toMimeBundle().has(MimeBundle.PNG));
        assertTrue(study.trends().image().getWidth() > 0);
    }

    @Test
    @org.junit.jupiter.api.Tag("reliability")
    void anInterruptedStudyResumesWhereItStopped() {
        DescentStudy study = DescentStudy.sizes(10, 14).walkers(8).tolerance(1e-3);
        assertThrows(IllegalStateException.class, study::results, "nothing run yet");
        Thread.currentThread().interrupt(); // the progress bar stops the first size at its first step
        assertThrows(CancellationException.class, study::run);
        Thread.interrupted();
        assertTrue(study.summary().contains("run() again"), study.summary());
        study.run();
        DescentStudy fresh = DescentStudy.sizes(10, 14).walkers(8).tolerance(1e-3).run();
        assertArrayEquals(fresh.means(), study.means(), 0.0);
    }

    @Test
    void aStudySavedToADirectoryIsContinuedByANewStudy(@TempDir Path dir) {
        DescentStudy first = DescentStudy.sizes(10, 14).walkers(8).tolerance(1e-3).indexChecks(2).saveTo(dir).run();
        assertTrue(Files.exists(dir.resolve("descent-lambda-10.saved")) && Files.exists(dir.resolve("descent-lambda-14.saved")));
        DescentStudy second = DescentStudy.sizes(10, 14).walkers(8).tolerance(1e-3).indexChecks(2).saveTo(dir).run();
        for (int i = 0; i < 2; i++) {
            DescentResult a = first.results().get(i), b = second.results().get(i);
            assertArrayEquals(a.energies(), b.energies(), 0.0);
            assertArrayEquals(a.indices(), b.indices());
            assertEquals(a.seconds(), b.seconds(), 0.0, "the second study took no step of its own");
        }
        String m = assertThrows(IllegalArgumentException.class,
                () -> DescentStudy.sizes(10, 14).walkers(9).tolerance(1e-3).saveTo(dir).run()).getMessage();
        assertTrue(m.contains("walkers: saved 8, now 9"), m);
    }

    @Test
    void badSizesAreRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DescentStudy.sizes(50))
                .getMessage().contains("at least two"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DescentStudy.sizes(50, 25))
                .getMessage().contains("increasing"));
    }
}
