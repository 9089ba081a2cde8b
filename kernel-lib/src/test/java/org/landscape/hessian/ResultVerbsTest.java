package org.landscape.hessian;

import org.landscape.plot.Charted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.landscape.display.MimeBundle;
import org.landscape.model.Activation;
import org.landscape.model.Architecture;
import org.landscape.model.Network;
import org.landscape.plot.Result;
import org.landscape.plot.Tables;
import org.landscape.plot.Theme;
import tech.tablesaw.api.Table;

/** The package's results answer the library's verbs (summary, figure, table, write) and draw in the one theme. */
class ResultVerbsTest {

    @Test
    void everyResultHasAFigureATableAndWritesItsTable(@TempDir Path dir) {
        Fixtures.Known known = Fixtures.indefinite();
        Spectrum all = DenseEigen.all(known.matrix);
        Network net = Network.builder(Architecture.of(2, 3, 1)).activation(Activation.RELU).seed(1).build();
        Fixtures.jiggle(net, 0.2, 1);
        LayerwiseHessian blocks = LayerwiseHessian.of(net, Fixtures.data(10, 2, 1, "real", 1));
        ScaledSpectra scaled = ScaledSpectra.of(DenseMatrix.identity(3), DenseMatrix.diagonal(-1, 0.5, 1), 0.1, 1, 10);
        List<Result> results = List.of(all, new Lanczos().largest(known.matrix, 3),
                SpectralDensity.estimate(known.matrix, 2, 10, 1), blocks, scaled, Trace.hutchinson(known.matrix, 5, 1));
        int[] rows = {all.dimension(), 3, 800, 9 + 4, 3, 1};
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            String name = r.getClass().getSimpleName();
            if (r instanceof Charted) {
                assertEquals(r.summary(), r.figure().summary(), name + ": the figure is captioned by the summary");
            }
            assertTrue(r.figure().image().getWidth() > 0, name);
            Table t = r.table();
            assertEquals(rows[i], t.rowCount(), name + " rows");
            Path file = dir.resolve(name + i + ".csv");
            r.write(file);
            assertTrue(Files.exists(file), name);
            // a density's file holds its quadrature (nodes and weights), from which the curve is rebuilt
            int written = r instanceof SpectralDensity d ? d.quadrature().rowCount() : t.rowCount();
            assertEquals(written, Tables.read(file).rowCount(), name + " rows read back");
        }
        assertEquals(Arrays.toString(all.eigenvalues()),
                Arrays.toString(all.table().doubleColumn("eigenvalue").asDoubleArray()));
        assertEquals(1 - 10, scaled.table().doubleColumn("smallest eigenvalue").getDouble(2), 1e-12); // H = diag(1 - lambda, ...)
        assertEquals(1, scaled.table().intColumn("eigenvalues below -0.001").getInt(2));
        assertEquals(blocks.trace(), blocks.table().doubleColumn("eigenvalue").sum(), 1e-12);
    }

    /** Trace.Estimate built unescaped HTML around its summary; it now shows as plain text. */
    @Test
    void aTraceEstimateShowsAsItsSummaryInText() {
        Trace.Estimate e = Trace.hutchinson(Fixtures.indefinite().matrix, 5, 1);
        MimeBundle b = e.toMimeBundle();
        assertEquals(e.summary(), b.get(MimeBundle.TEXT));
        assertFalse(b.has(MimeBundle.HTML), "no hand-made HTML");
        assertEquals(1.0, e.table().doubleColumn("standard error").getDouble(0) / e.standardError(), 1e-15);
    }

    @Test
    void chartsUseTheThemesFontsAndPalette() {
        Fixtures.Known known = Fixtures.indefinite();
        ScaledSpectra scaled = ScaledSpectra.of(DenseMatrix.identity(3), DenseMatrix.diagonal(-1, 0.5, 1), 0.1, 1, 10);
        List<Color> palette = Arrays.asList(Theme.PALETTE);
        for (XYChart chart : List.of(DenseEigen.all(known.matrix).chart(), new Lanczos().largest(known.matrix, 3).chart(),
                SpectralDensity.estimate(known.matrix, 2, 10, 1).chart(), scaled.eigenvalueChart(),
                scaled.smallestChart(), scaled.countChart())) {
            assertEquals(Theme.TITLE_FONT, chart.getStyler().getChartTitleFont(), chart.getTitle());
            assertEquals(Theme.TICK_FONT, chart.getStyler().getAxisTickLabelsFont(), chart.getTitle());
            for (XYSeries s : chart.getSeriesMap().values()) {
                Color c = s.getXYSeriesRenderStyle() == XYSeries.XYSeriesRenderStyle.Scatter ? s.getMarkerColor()
                        : s.getLineColor();
                assertTrue(palette.contains(c), chart.getTitle() + " / " + s.getName() + ": " + c);
            }
        }
    }

    /** The log-count histogram counts through Stats.histogram: every value in one bar, none across the split. */
    @Test
    void theSpectrumHistogramCountsEveryValueOnceAndSplitsAtTheThreshold() {
        double[] values = new double[500];
        for (int i = 0; i < values.length; i++) {
            values[i] = i < 20 ? -0.5 + 0.02 * i : Math.pow((i - 20) / 480.0, 3) * 40;
        }
        XYChart chart = Charts.histogram("test", "eigenvalue", values, 40, -Index.PAPER_TOLERANCE);
        long total = 0;
        for (XYSeries s : chart.getSeriesMap().values()) {
            double[] x = s.getXData(), y = s.getYData();
            boolean negative = s.getLineColor().equals(Charts.NEGATIVE);
            for (int p = 0; p + 4 < x.length; p += 5) { // each bar: (x0, 0.7), (x0, c), (x1, c), (x1, 0.7), gap
                total += Math.round(y[p + 1]);
                assertTrue(negative ? x[p + 2] <= -Index.PAPER_TOLERANCE + 1e-12 : x[p] >= -Index.PAPER_TOLERANCE - 1e-12,
                        s.getName() + " bar [" + x[p] + ", " + x[p + 2] + "]");
            }
        }
        assertEquals(values.length, total);
        assertEquals(2, chart.getSeriesMap().size());
    }
}
