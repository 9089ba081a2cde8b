package org.landscape.display;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.landscape.plot.Plots;
import org.landscape.plot.Series;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Writes target/visual/page.html: the outputs of issue 9's display defects as a classic Notebook's output area
 * (about 900 px wide) would hold them, to be opened in a browser (scripts: Chromium headless screenshot).
 */
class NotebookPageTest {

    @Test
    void writesANotebookLikePage() throws Exception {
        List<MimeBundle> outputs = new ArrayList<>();
        Table wide = Table.create("E/lambda at the minima found, per size", IntColumn.create("lambda", 25, 50, 100, 200));
        String[] names = {"minima", "distinct minima", "mean E/lambda", "std", "IQR", "5%", "25%", "median", "75%", "95%",
                "min", "max", "mean - (-Einf)", "fraction in band", "max steps"};
        for (int k = 0; k < names.length; k++) {
            double[] v = new double[4];
            for (int r = 0; r < 4; r++) {
                v[r] = k < 2 || k == 14 ? 100 - r * 3 - k : -1.6 + 0.8106666666666666 / (k + r + 3);
            }
            wide.addColumns(DoubleColumn.create(names[k], v));
        }
        wide.addColumns(StringColumn.create("index 0 / checked", "100 / 100", "98 / 100", "100 / 100", "97 / 100"));
        outputs.add(Renderings.of(wide));
        outputs.add(Renderings.of("lambda 25: 100 of 100 walkers converged, median E/lambda -1.6312\n"
                + "lambda 50: 100 of 100 walkers converged, median E/lambda -1.6478\n"
                + "lambda 100: 99 of 100 walkers converged, median E/lambda -1.6551"));
        long[] now = {0};
        Progress p = new Progress("critical points, lambda=250: starts from random points on the sphere", 1000, 0,
                new DisplayTest.RecordingSink(), () -> now[0]);
        now[0] = 40_000_000_000L;
        p.step(400);
        outputs.add(p.bundle());
        XYChart curve = Plots.xyChart("training loss", "epoch", "loss");
        curve.getStyler().setYAxisLogarithmic(true).setLegendVisible(false);
        double[] x = new double[100], y = new double[100];
        for (int i = 0; i < 100; i++) {
            x[i] = i + 1;
            y[i] = 0.69 * Math.pow(0.45, i / 99.0);
        }
        curve.addSeries("loss", x, y);
        outputs.add(Renderings.of(curve));
        XYChart plain = new XYChartBuilder().width(480).height(360).title("spread (XChart's plain builder)")
                .xAxisTitle("lambda").yAxisTitle("std").build();
        plain.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true)
                .setXAxisLogarithmicDecadeOnly(false).setYAxisLogarithmicDecadeOnly(false);
        plain.addSeries("std", new double[]{25, 50, 100, 200}, new double[]{0.031, 0.02, 0.013, 0.0085});
        outputs.add(Renderings.of(plain));
        outputs.add(Renderings.of(Plots.logLog("spread", "lambda", "std",
                Series.of("std", new double[]{25, 50, 100, 200}, new double[]{0.031, 0.02, 0.013, 0.0085}))));

        StringBuilder page = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>"
                + "body{font-family:'Helvetica Neue',Helvetica,Arial,sans-serif;font-size:14px;margin:0;background:#eee}"
                + "#notebook{width:940px;margin:0 auto;background:#fff;padding:15px}"
                + ".output_area{display:flex;margin:6px 0}.prompt{min-width:94px;color:#d84315;font-family:monospace;"
                + "text-align:right;padding-right:6px}.output{flex:1;min-width:0;overflow-x:auto}"
                + "pre{font-family:monospace;font-size:13px;margin:0}</style></head><body><div id=\"notebook\">");
        int n = 0;
        for (MimeBundle b : outputs) {
            page.append("<div class=\"output_area\"><div class=\"prompt\">Out[").append(++n).append("]:</div><div class=\"output\">");
            if (b.has(MimeBundle.PNG)) {
                page.append("<img width=\"").append(b.metadata().get(MimeBundle.PNG).get("width"))
                        .append("\" src=\"data:image/png;base64,").append(b.get(MimeBundle.PNG)).append("\">");
            } else if (b.has(MimeBundle.HTML)) {
                page.append(b.get(MimeBundle.HTML));
            } else {
                page.append("<pre>").append(Renderings.escape(b.get(MimeBundle.TEXT))).append("</pre>");
            }
            page.append("</div></div>");
        }
        page.append("</div></body></html>");
        Path file = Path.of("target/visual/page.html");
        Files.createDirectories(file.getParent());
        Files.writeString(file, page);
        assertTrue(Files.size(file) > 10_000);
    }
}
