package org.landscape.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.landscape.display.MimeBundle;
import org.landscape.slice.Axis;
import org.landscape.slice.Surface;

class PlotTest {

    @Test
    void contourOfABowlIsACircle() {
        int n = 81;
        double[][] v = new double[n][n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                double x = -2 + 4.0 * i / (n - 1), y = -2 + 4.0 * j / (n - 1);
                v[j][i] = x * x + y * y;
            }
        }
        List<double[]> segments = Contours.segments(v, 1.0);
        assertTrue(segments.size() > 50);
        double length = 0;
        for (double[] s : segments) {
            for (int e = 0; e < 2; e++) {
                double x = -2 + 4.0 * s[2 * e] / (n - 1), y = -2 + 4.0 * s[2 * e + 1] / (n - 1);
                assertEquals(1.0, Math.hypot(x, y), 2e-3, "every contour point lies on the unit circle");
            }
            length += Math.hypot(s[2] - s[0], s[3] - s[1]) * 4.0 / (n - 1);
        }
        assertEquals(2 * Math.PI, length, 0.01, "the level set's length is the circumference");
    }

    @Test
    void plotsRenderAtTwiceTheirDisplayWidth() {
        Surface s = Surface.evaluate("loss", Axis.of("w1", -2, 2, 31), Axis.of("w2", -2, 2, 31),
                (x, y) -> 0.1 + (x * y - 1) * (x * y - 1));
        for (Figure f : new Figure[]{Plots.heatmap(s), Plots.levelSets(s), Plots.surface3d(s)}) {
            assertEquals(2 * f.displayWidth(), f.image().getWidth());
            MimeBundle b = f.toMimeBundle();
            assertTrue(b.has(MimeBundle.PNG) && b.has(MimeBundle.TEXT));
            assertEquals(f.displayWidth(), b.metadata().get(MimeBundle.PNG).get("width"));
        }
        Figure row = Figure.row(Plots.heatmap(s), Plots.levelSets(s));
        assertEquals(Plots.heatmap(s).image().getWidth() * 2, row.image().getWidth());
    }

    @Test
    void plottingAnEmptySurfaceSaysWhy() {
        Surface empty = Surface.grid("loss", Axis.of("a", 0, 1, 3), Axis.of("b", 0, 1, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Plots.heatmap(empty));
        assertTrue(e.getMessage().contains("no computed finite values"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Plots.line("t", "x", "y", "s", new double[0], new double[0]));
    }

    @Test
    void niceTicksAreRound() {
        assertEquals(List.of(-2.0, -1.0, 0.0, 1.0, 2.0), Canvas.ticks(-2, 2, 5));
        assertFalse(Canvas.format(0.30000000000000004).contains("0000"));
    }

    /** Writes sample pictures to target/plots for a human look (not an assertion of taste). */
    @Test
    void samplePicturesAreWritten() {
        Surface s = Surface.evaluate("loss", Axis.of("w1", -3, 3, 121), Axis.of("w2", -3, 3, 121),
                (x, y) -> 0.05 + Math.pow(y * Math.tanh(x) - 0.8, 2) + 0.3 * Math.pow(y * Math.tanh(-x) + 0.2, 2));
        Figure.row(Plots.heatmap(s), Plots.levelSets(s), Plots.surface3d(s)).save(Path.of("target/plots/sample.png"));
        assertTrue(Path.of("target/plots/sample.png").toFile().length() > 10_000);
    }
}
