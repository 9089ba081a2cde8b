package org.landscape.plot;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.landscape.slice.Surface;

/** One-line plots, in the manner of XChart's {@code QuickChart}; the builders give more control. */
public final class Plots {
    private Plots() {
    }

    /** The surface from above: heatmap with labelled contour lines (log colours if all values are positive). */
    public static Figure heatmap(Surface surface) {
        HeatmapPlot plot = HeatmapPlot.of(surface);
        if (surface.min() > 0) {
            plot.logScale();
        }
        return plot.build();
    }

    /** Only the level sets {value = c}, no shading. */
    public static Figure levelSets(Surface surface) {
        HeatmapPlot plot = HeatmapPlot.of(surface).levelSetsOnly().title("level sets of " + surface.quantity());
        if (surface.min() > 0) {
            plot.logScale();
        }
        return plot.build();
    }

    /** The graph of the surface in 3-D. */
    public static Figure surface3d(Surface surface) {
        SurfaceView3D view = SurfaceView3D.of(surface).title("graph of " + surface.quantity());
        if (surface.min() > 0) {
            view.logScale();
        }
        return view.build();
    }

    /** A line chart of y against x, ready to display. */
    public static XYChart line(String title, String xLabel, String yLabel, String series, double[] x, double[] y) {
        if (x.length == 0 || x.length != y.length) {
            throw new IllegalArgumentException("x and y must be non-empty and of equal length, got " + x.length
                    + " and " + y.length);
        }
        XYChart chart = xyChart(title, xLabel, yLabel);
        chart.addSeries(series, x, y);
        chart.getStyler().setLegendVisible(false);
        return chart;
    }

    /** An empty XY chart in the library's house style: white, plain fonts, light grid, legend inside. */
    public static XYChart xyChart(String title, String xLabel, String yLabel) {
        XYChart chart = new XYChartBuilder().width(560).height(360).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        style(chart.getStyler());
        chart.getStyler().setMarkerSize(4).setLegendPosition(Styler.LegendPosition.InsideNE);
        return chart;
    }

    /** The house style for any XChart styler. */
    public static void style(Styler styler) {
        java.awt.Font plain = new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12);
        styler.setChartBackgroundColor(java.awt.Color.WHITE).setPlotBackgroundColor(java.awt.Color.WHITE)
                .setChartTitleFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 14))
                .setLegendFont(plain).setLegendBorderColor(java.awt.Color.LIGHT_GRAY)
                .setChartTitleBoxVisible(false).setPlotBorderColor(java.awt.Color.GRAY);
        if (styler instanceof org.knowm.xchart.style.AxesChartStyler) {
            org.knowm.xchart.style.AxesChartStyler axes = (org.knowm.xchart.style.AxesChartStyler) styler;
            axes.setAxisTitleFont(plain).setAxisTickLabelsFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 11))
                    .setPlotGridLinesColor(new java.awt.Color(0xe6e6e6)).setAxisTickMarksColor(java.awt.Color.GRAY);
        }
    }
}
