package org.landscape.display;

import org.knowm.xchart.internal.chartpart.Chart;

/**
 * The library's look for XChart charts, found as a {@link java.util.ServiceLoader} service (the plot package's
 * {@code Theme} implements it), so {@link Renderings} styles every chart it draws without depending on the plot
 * package.
 */
public interface ChartTheme {
    /**
     * Prepares {@code chart} for drawing: applies the theme to a chart built with XChart's plain builders (unless
     * its owner opted out) and chooses the log-axis labels for the data it now holds. Returns what undoes the
     * drawing-only adjustments once the chart is drawn.
     */
    Runnable prepare(Chart<?, ?> chart);
}
