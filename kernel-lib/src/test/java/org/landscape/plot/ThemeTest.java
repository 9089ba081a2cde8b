package org.landscape.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.landscape.display.Renderings;
import org.landscape.slice.Axis;
import org.landscape.slice.Surface;

class ThemeTest {

    private static double[] range(double lo, double hi, int n, boolean geometric) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double t = i / (n - 1.0);
            x[i] = geometric ? lo * Math.pow(hi / lo, t) : lo + t * (hi - lo);
        }
        return x;
    }

    @Test
    void evenlySpacedCurvesGetRoundTicksWhileDrawnAndAreLeftAsTheyWere() throws Exception {
        // Exercise 1's curve: 201 points on [-2, 2] was labelled -2, -1.72, -1.44, ... (XChart: ticks at data points).
        double[] x = range(-2, 2, 201, false), y = new double[201];
        for (int i = 0; i < 201; i++) {
            y[i] = x[i] * x[i];
        }
        XYChart chart = new XYChartBuilder().width(600).height(400).build();
        chart.addSeries("loss", x, y);
        assertTrue(Theme.evenlySpaced(java.util.Arrays.stream(x).boxed().toList()));
        Runnable restore = Theme.roundTicksOnEvenlySpacedX(chart);
        assertEquals(2, chart.getSeriesMap().size(), "an invisible point is added while drawing");
        org.knowm.xchart.XYSeries helper = chart.getSeriesMap().get(Theme.TICK_HELPER);
        assertFalse(helper.isShowInLegend());
        java.util.TreeSet<Double> all = new java.util.TreeSet<>();
        chart.getSeriesMap().values().forEach(s -> java.util.Arrays.stream(s.getXData()).forEach(all::add));
        assertFalse(Theme.evenlySpaced(new java.util.ArrayList<>(all)), "XChart's test no longer holds");
        assertTrue(helper.getXData()[0] > -2 && helper.getXData()[0] < 2 && helper.getYData()[0] == 4.0,
                "inside the data's range: the axes do not move");
        BitmapEncoderCheck.write(chart, Path.of(System.getProperty("LANDSCAPE_OUTPUT_DIR", "target"), "even-ticks.png"));
        restore.run();
        assertEquals(List.of("loss"), List.copyOf(chart.getSeriesMap().keySet()), "the chart is as it was");
        // uneven x, a log x axis: nothing to do
        XYChart uneven = new XYChartBuilder().build();
        uneven.addSeries("a", new double[]{1, 2, 4, 8}, new double[]{1, 2, 3, 4});
        Theme.roundTicksOnEvenlySpacedX(uneven).run();
        assertEquals(1, uneven.getSeriesMap().size());
        XYChart log = new XYChartBuilder().build();
        log.addSeries("a", x, y);
        log.getStyler().setXAxisLogarithmic(true);
        Theme.roundTicksOnEvenlySpacedX(log);
        assertEquals(1, log.getSeriesMap().size());
    }

    /** Writes a chart's PNG for a look (the test's pictures are kept beside the others). */
    static final class BitmapEncoderCheck {
        static void write(XYChart chart, Path file) throws java.io.IOException {
            java.nio.file.Files.createDirectories(file.getParent());
            org.knowm.xchart.BitmapEncoder.saveBitmap(chart, file.toString(), org.knowm.xchart.BitmapEncoder.BitmapFormat.PNG);
        }
    }

    @Test
    void aShortLogRangeIsLabelledAtEveryMultipleWhenTheyFit() {
        // 01's training curve: a loss from 0.69 to 0.31 on a log y axis had a single tick label.
        Theme.LogAxis y = Theme.LogAxis.plan(new double[]{0.31, 0.69, 0}, 250, false);
        assertFalse(y.decadesOnly, y.toString());
        assertEquals(List.of(0.4, 0.5, 0.6), y.labelled.subList(0, 3), y.toString());
        assertTrue(y.labelled.size() >= 3, y.toString());
    }

    @Test
    void longLogRangesAreLabelledAtDecadesWithoutOverlap() {
        // 09's log-log axes: every multiple labelled over several decades overlapped.
        Theme.LogAxis x = Theme.LogAxis.plan(new double[]{25, 5000, 0}, 450, true);
        assertTrue(x.decadesOnly, x.toString());
        assertEquals(List.of(100.0, 1000.0), x.labelled, x.toString());
        // Between: multiples would overlap and fewer than two decades fall inside: widened to the nearer decade.
        Theme.LogAxis y = Theme.LogAxis.plan(new double[]{0.004, 0.03, 0}, 250, false);
        assertTrue(y.decadesOnly && y.min == 0.004 && y.max == 0.1 && y.labelled.size() == 2, y.toString());
        Theme.LogAxis up = Theme.LogAxis.plan(new double[]{0.008, 0.08, 0}, 250, false);
        assertTrue(up.min == 0.008 && up.max == 0.1, up.toString());
        Theme.LogAxis none = Theme.LogAxis.plan(new double[]{0.02, 0.09, 0}, 100, false);
        assertTrue(none.min == 0.01 && none.max == 0.1, none.toString());
        // An axis range the owner fixed is kept.
        Theme.LogAxis fixed = Theme.LogAxis.plan(new double[]{0.004, 0.03, 1}, 250, false);
        assertEquals(0.004, fixed.min);
    }

    @Test
    void plainXChartChartsGetTheThemeWhenShownUnlessTheyOptOut() {
        XYChart plain = new XYChartBuilder().width(300).height(200).title("plain").build();
        plain.addSeries("a", new double[]{1, 2}, new double[]{1, 2});
        Renderings.chartImage(plain);
        assertEquals(Theme.TITLE_FONT, plain.getStyler().getChartTitleFont());
        assertEquals(Theme.PALETTE[0], plain.getSeriesMap().get("a").getLineColor());
        XYChart chosen = new XYChartBuilder().width(300).height(200).title("legend placed by its owner").build();
        chosen.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSW);
        chosen.addSeries("a", new double[]{1, 2}, new double[]{1, 2});
        Renderings.chartImage(chosen);
        assertEquals(org.knowm.xchart.style.Styler.LegendPosition.InsideSW, chosen.getStyler().getLegendPosition(),
                "what the owner chose stays; only XChart's defaults are themed");
        assertEquals(Theme.TITLE_FONT, chosen.getStyler().getChartTitleFont());

        XYChart own = Theme.keepOwnStyle(new XYChartBuilder().width(300).height(200).title("own").build());
        own.addSeries("a", new double[]{1, 2}, new double[]{1, 2});
        own.getStyler().setYAxisLogarithmic(true);
        Renderings.chartImage(own);
        assertTrue(own.getStyler().getChartTitleFont() != Theme.TITLE_FONT);
        assertTrue(own.getStyler().isYAxisLogarithmicDecadeOnly(), "an opted-out chart keeps its own log labels");

        XYChart styled = Plots.xyChart("t", "x", "y");
        styled.getStyler().setLegendVisible(false).setMarkerSize(9);
        styled.addSeries("a", new double[]{1, 2}, new double[]{1, 2});
        Renderings.chartImage(styled);
        assertEquals(9, styled.getStyler().getMarkerSize(), "a themed chart's own settings survive showing it");
        assertNullRange(styled);
    }

    private static void assertNullRange(XYChart chart) {
        assertEquals(null, chart.getStyler().getYAxisMin(), "drawing-only log adjustments are undone");
    }

    @Test
    void logAxisAdjustmentsAreUndoneAfterDrawing() {
        XYChart chart = Plots.xyChart("curve", "epoch", "loss");
        chart.getStyler().setYAxisLogarithmic(true);
        chart.addSeries("loss", range(1, 100, 50, false), range(0.02, 0.3, 50, true));
        Renderings.chartImage(chart);
        assertNullRange(chart);
        assertTrue(chart.getStyler().isYAxisLogarithmicDecadeOnly());
    }

    /** Counts dark pixels in a column band: the tick labels left of the plot. */
    private static int inkLeftOfPlot(BufferedImage image) {
        int ink = 0;
        for (int y = 60; y < image.getHeight() - 140; y++) {
            for (int x = 10; x < 90; x++) {
                Color c = new Color(image.getRGB(x, y), true);
                if (c.getAlpha() > 0 && c.getRed() + c.getGreen() + c.getBlue() < 200) {
                    ink++;
                }
            }
        }
        return ink;
    }

    /** Writes the charts of issue 9's display defects to target/visual for a human look, and checks they have labels. */
    @Test
    void displayDefectsRenderedForALook() throws Exception {
        Path dir = Path.of("target/visual");
        java.nio.file.Files.createDirectories(dir);
        XYChart curve = Plots.xyChart("training loss (log axis, short range)", "epoch", "loss");
        curve.getStyler().setYAxisLogarithmic(true).setLegendVisible(false);
        curve.addSeries("loss", range(1, 200, 200, false), range(0.69, 0.31, 200, true));
        BufferedImage curveImage = Renderings.chartImage(curve);
        javax.imageio.ImageIO.write(curveImage, "png", dir.resolve("log-short-range.png").toFile());
        assertTrue(inkLeftOfPlot(curveImage) > 400, "several y tick labels drawn");

        // As notebook 09 builds it: XChart's plain builder, every multiple labelled, three decades.
        XYChart logLog = new XYChartBuilder().width(480).height(360).title("spread (plain XChart)").xAxisTitle("lambda")
                .yAxisTitle("std").build();
        logLog.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true)
                .setXAxisLogarithmicDecadeOnly(false).setYAxisLogarithmicDecadeOnly(false);
        logLog.addSeries("std", new double[]{25, 50, 100, 250, 500}, new double[]{0.031, 0.02, 0.013, 0.0071, 0.0049});
        javax.imageio.ImageIO.write(Renderings.chartImage(logLog), "png", dir.resolve("log-log-plain.png").toFile());
        XYChart fitted = Plots.logLog("distance to the threshold", "lambda", "mean - (-Einf)",
                Series.of("mean", new double[]{25, 50, 100, 200}, new double[]{0.08, 0.05, 0.03, 0.019}),
                Series.of("std", new double[]{25, 50, 100, 200}, new double[]{0.03, 0.02, 0.012, 0.008}));
        javax.imageio.ImageIO.write(Renderings.chartImage(fitted), "png", dir.resolve("log-log-fitted.png").toFile());

        Surface s = Surface.evaluate("loss", Axis.of("w1", -3, 3, 61), Axis.of("w2", -3, 3, 61),
                (x, y) -> 0.05 + Math.pow(y * Math.tanh(x) - 0.8, 2) + 0.3 * Math.pow(y * Math.tanh(-x) + 0.2, 2));
        Figure.row(Plots.surface3d(s), Plots.heatmap(s)).save(dir.resolve("surface3d.png"));
        Figure lin = SurfaceView3D.of(Surface.evaluate("accuracy", Axis.of("a", -1, 1, 31), Axis.of("b", -1, 1, 31),
                (x, y) -> 1 - 0.4 * (x * x + y * y))).build();
        lin.save(dir.resolve("surface3d-linear.png"));
        // The colour bar: a column of viridis colours right of the mesh.
        BufferedImage img = lin.image();
        int barX = 2 * (520 - 78 + 6 + 7);
        Color top = new Color(img.getRGB(barX, 2 * 52)), bottom = new Color(img.getRGB(barX, 2 * (440 - 64)));
        assertTrue(top.getGreen() > 200 && bottom.getBlue() > 60 && bottom.getRed() < 90, top + " " + bottom);
    }
}
