package org.landscape.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.image.BufferedImage;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.landscape.display.ChartTheme;

/**
 * The library's one chart theme, in the manner of XChart's {@code Theme}: fonts, series colours, markers and
 * lines, grid, legend, background, and how log axes are labelled. {@link Plots}, the chart helpers of every
 * package, {@link HeatmapPlot}, {@link SurfaceView3D} and {@link Figure} draw with it, and a notebook applies it to
 * any XChart chart it shows that was built with XChart's plain builders, to each property its owner left at XChart's
 * default ({@link #keepOwnStyle} opts out).
 */
public final class Theme implements ChartTheme {
    public static final String FONT_FAMILY = Font.SANS_SERIF;
    public static final Font TITLE_FONT = new Font(FONT_FAMILY, Font.BOLD, 14);
    public static final Font LABEL_FONT = new Font(FONT_FAMILY, Font.PLAIN, 12);
    public static final Font TICK_FONT = new Font(FONT_FAMILY, Font.PLAIN, 11);
    public static final Font LEGEND_FONT = new Font(FONT_FAMILY, Font.PLAIN, 11);
    /** Small text inside pictures: contour labels, colour-bar ticks, annotations. */
    public static final Font SMALL_FONT = new Font(FONT_FAMILY, Font.PLAIN, 10);

    /** Series colours, in order (the same for every chart). */
    public static final Color[] PALETTE = {new Color(0x1F77B4), new Color(0xD62728), new Color(0x2CA02C),
            new Color(0xFF7F0E), new Color(0x9467BD), new Color(0x8C564B), new Color(0xE377C2), new Color(0x7F7F7F)};
    public static final Marker[] MARKERS = {SeriesMarkers.CIRCLE, SeriesMarkers.DIAMOND, SeriesMarkers.SQUARE,
            SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS};
    public static final BasicStroke LINE = new BasicStroke(1.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    public static final BasicStroke DASHED = new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
            new float[]{6f, 4f}, 0f);
    public static final int MARKER_SIZE = 5;

    public static final Color BACKGROUND = Color.WHITE;
    public static final Color TEXT = Color.BLACK;
    public static final Color MUTED_TEXT = Color.DARK_GRAY;
    public static final Color GRID = new Color(0xe6e6e6);
    public static final Color BORDER = Color.GRAY;
    public static final Color LEGEND_BORDER = Color.LIGHT_GRAY;

    /** Default chart size in CSS pixels (drawn at twice this for sharpness). */
    public static final int WIDTH = 560;
    public static final int HEIGHT = 360;

    /** Stylers that have the theme or whose owner keeps their own style: never restyled when shown. */
    private static final Set<Styler> STYLED = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    /** Stylers whose owner keeps their own style, log-axis labels included. */
    private static final Set<Styler> OWN_STYLE = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private static volatile boolean themePlainCharts = true;

    /** The service instance {@link org.landscape.display.Renderings} finds; use the static methods. */
    public Theme() {
    }

    /**
     * Applies the theme to any XChart styler: fonts, colours, palette, markers, lines, grid, legend. Leaves what
     * says what the chart shows alone (log axes, axis ranges, legend visibility, series render style).
     */
    public static void apply(Styler styler) {
        style(styler, null);
        STYLED.add(styler);
    }

    /**
     * Sets each of the theme's properties, or, given {@code defaults} (a fresh styler of the same kind), only those
     * its owner left at XChart's defaults: a chart shown without the theme keeps what its owner chose.
     */
    private static void style(Styler s, Styler defaults) {
        put(s, defaults, Styler::getBaseFont, Styler::setBaseFont, LABEL_FONT);
        put(s, defaults, Styler::getChartFontColor, Styler::setChartFontColor, TEXT);
        put(s, defaults, Styler::getChartBackgroundColor, Styler::setChartBackgroundColor, BACKGROUND);
        put(s, defaults, Styler::getPlotBackgroundColor, Styler::setPlotBackgroundColor, BACKGROUND);
        put(s, defaults, Styler::getPlotBorderColor, Styler::setPlotBorderColor, BORDER);
        put(s, defaults, Styler::getChartTitleFont, Styler::setChartTitleFont, TITLE_FONT);
        put(s, defaults, Styler::isChartTitleBoxVisible, Styler::setChartTitleBoxVisible, false);
        put(s, defaults, Styler::getLegendFont, Styler::setLegendFont, LEGEND_FONT);
        put(s, defaults, Styler::getLegendBorderColor, Styler::setLegendBorderColor, LEGEND_BORDER);
        put(s, defaults, Styler::getLegendBackgroundColor, Styler::setLegendBackgroundColor, new Color(255, 255, 255, 225));
        put(s, defaults, Styler::getLegendPadding, Styler::setLegendPadding, 6);
        put(s, defaults, Styler::getLegendPosition, Styler::setLegendPosition, Styler.LegendPosition.InsideNE);
        put(s, defaults, Styler::getSeriesColors, Styler::setSeriesColors, PALETTE.clone());
        put(s, defaults, Styler::getSeriesMarkers, Styler::setSeriesMarkers, MARKERS.clone());
        put(s, defaults, Styler::getSeriesLines, Styler::setSeriesLines,
                new BasicStroke[]{LINE, DASHED, SeriesLines.DOT_DOT, SeriesLines.DASH_DOT});
        put(s, defaults, Styler::getMarkerSize, Styler::setMarkerSize, MARKER_SIZE);
        put(s, defaults, Styler::getAnnotationTextFont, Styler::setAnnotationTextFont, SMALL_FONT);
        if (s instanceof AxesChartStyler) {
            AxesChartStyler a = (AxesChartStyler) s, d = (AxesChartStyler) defaults;
            put(a, d, AxesChartStyler::getAxisTitleFont, AxesChartStyler::setAxisTitleFont, LABEL_FONT);
            put(a, d, AxesChartStyler::getAxisTickLabelsFont, AxesChartStyler::setAxisTickLabelsFont, TICK_FONT);
            put(a, d, AxesChartStyler::getAxisTickLabelsColor, AxesChartStyler::setAxisTickLabelsColor, TEXT);
            put(a, d, AxesChartStyler::getPlotGridLinesColor, AxesChartStyler::setPlotGridLinesColor, GRID);
            put(a, d, AxesChartStyler::getAxisTickMarksColor, AxesChartStyler::setAxisTickMarksColor, BORDER);
            put(a, d, AxesChartStyler::getXAxisTickMarkSpacingHint, AxesChartStyler::setXAxisTickMarkSpacingHint, 80);
            put(a, d, AxesChartStyler::getYAxisTickMarkSpacingHint, AxesChartStyler::setYAxisTickMarkSpacingHint, 44);
        }
    }

    private static <S, V> void put(S styler, S defaults, Function<S, V> get, BiConsumer<S, V> set, V value) {
        if (defaults == null || Objects.deepEquals(get.apply(styler), get.apply(defaults))) {
            set.accept(styler, value);
        }
    }

    /** A fresh styler of {@code styler}'s kind, holding XChart's defaults; null if it cannot be made. */
    private static Styler defaultsLike(Styler styler) {
        try {
            return styler.getClass().getConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Keeps {@code chart}'s own style when a notebook shows it (no theme, no change of its log-axis labels). */
    public static <C extends Chart<?, ?>> C keepOwnStyle(C chart) {
        STYLED.add(chart.getStyler());
        OWN_STYLE.add(chart.getStyler());
        return chart;
    }

    /** Whether charts built with XChart's plain builders get the theme when shown (on by default). */
    public static void themePlainCharts(boolean on) {
        themePlainCharts = on;
    }

    @Override
    public Runnable prepare(Chart<?, ?> chart) {
        Styler styler = chart.getStyler();
        if (OWN_STYLE.contains(styler)) {
            return () -> { };
        }
        if (!STYLED.contains(styler) && themePlainCharts) {
            Styler defaults = defaultsLike(styler);
            if (defaults != null) {
                style(styler, defaults);
            }
            STYLED.add(styler);
        }
        if (!(chart instanceof XYChart)) {
            return () -> { };
        }
        Runnable logAxes = labelLogAxes((XYChart) chart);
        Runnable ticks = roundTicksOnEvenlySpacedX((XYChart) chart);
        return () -> {
            ticks.run();
            logAxes.run();
        };
    }

    /** The name of the invisible point {@link #roundTicksOnEvenlySpacedX} adds while a chart is drawn. */
    static final String TICK_HELPER = "\u200b";

    /**
     * XChart 3.8 puts the x ticks of an XY chart at data points when the x values of all its series are evenly
     * spaced (within 1e-4), so a curve of 201 points on [-2, 2] is labelled -2, -1.72, -1.44, ... instead of -2, -1,
     * 0, 1, 2; it has no setting against it. While the chart is drawn, one invisible point (no marker, no line, not in
     * the legend, inside the data's range) between the first two x values makes the spacing uneven, so XChart chooses
     * round ticks as for any other data. Returns what removes the point again.
     */
    static Runnable roundTicksOnEvenlySpacedX(XYChart chart) {
        XYStyler s = chart.getStyler();
        if (s.isXAxisLogarithmic() || chart.getSeriesMap().containsKey(TICK_HELPER)) {
            return () -> { };
        }
        java.util.TreeSet<Double> xs = new java.util.TreeSet<>();
        double y = Double.NaN;
        for (XYSeries series : chart.getSeriesMap().values()) {
            double[] sx = series.getXData(), sy = series.getYData();
            for (int i = 0; i < sx.length; i++) {
                if (Double.isFinite(sx[i])) {
                    xs.add(sx[i]);
                    if (Double.isNaN(y) && Double.isFinite(sy[i])) {
                        y = sy[i];
                    }
                }
            }
        }
        if (xs.size() < 3 || Double.isNaN(y) || !evenlySpaced(new ArrayList<>(xs))) {
            return () -> { };
        }
        double first = xs.first(), second = xs.higher(first);
        XYSeries helper = chart.addSeries(TICK_HELPER, new double[]{(first + second) / 2}, new double[]{y});
        helper.setXYSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Scatter);
        helper.setMarker(SeriesMarkers.NONE);
        helper.setLineStyle(SeriesLines.NONE);
        helper.setShowInLegend(false);
        return () -> chart.removeSeries(TICK_HELPER);
    }

    /** XChart's own test (AxisTickCalculator_.areValuesEquallySpaced): gaps all within 1e-4 of the first. */
    static boolean evenlySpaced(List<Double> sorted) {
        double gap = sorted.get(1) - sorted.get(0);
        if (Math.abs(sorted.get(sorted.size() - 1) - sorted.get(0)) < 1e-4) {
            return false;
        }
        for (int i = 1; i < sorted.size(); i++) {
            if (Math.abs(sorted.get(i) - sorted.get(i - 1) - gap) >= 1e-4) {
                return false;
            }
        }
        return true;
    }

    /**
     * Chooses how each log axis of {@code chart} is labelled for the data it holds: every 1..9 multiple of a power
     * of ten when those labels fit side by side, otherwise only the powers of ten, widened to the nearest decade
     * when fewer than two fall inside (so an axis never shows a single label). Returns what restores the chart.
     */
    static Runnable labelLogAxes(XYChart chart) {
        XYStyler s = chart.getStyler();
        boolean xDecades = s.isXAxisLogarithmicDecadeOnly(), yDecades = s.isYAxisLogarithmicDecadeOnly();
        Double xMin = s.getXAxisMin(), xMax = s.getXAxisMax(), yMin = s.getYAxisMin(), yMax = s.getYAxisMax();
        if (s.isXAxisLogarithmic()) {
            LogAxis plan = LogAxis.plan(range(chart, true, xMin, xMax), chart.getWidth() - 110, true);
            if (plan != null) {
                s.setXAxisLogarithmicDecadeOnly(plan.decadesOnly);
                s.setXAxisMin(plan.min).setXAxisMax(plan.max);
            }
        }
        if (s.isYAxisLogarithmic()) {
            LogAxis plan = LogAxis.plan(range(chart, false, yMin, yMax), chart.getHeight() - 110, false);
            if (plan != null) {
                s.setYAxisLogarithmicDecadeOnly(plan.decadesOnly);
                s.setYAxisMin(plan.min).setYAxisMax(plan.max);
            }
        }
        return () -> {
            s.setXAxisLogarithmicDecadeOnly(xDecades).setYAxisLogarithmicDecadeOnly(yDecades);
            s.setXAxisMin(xMin).setXAxisMax(xMax).setYAxisMin(yMin).setYAxisMax(yMax);
        };
    }

    /** The positive data range on one axis, or the range its owner fixed; null without positive data. */
    private static double[] range(XYChart chart, boolean x, Double fixedMin, Double fixedMax) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (XYSeries series : chart.getSeriesMap().values()) {
            for (double v : x ? series.getXData() : series.getYData()) {
                if (v > 0 && v < Double.POSITIVE_INFINITY) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (fixedMin != null && fixedMin > 0) {
            lo = fixedMin;
        }
        if (fixedMax != null && fixedMax > 0) {
            hi = fixedMax;
        }
        return lo <= hi ? new double[]{lo, hi, fixedMin != null || fixedMax != null ? 1 : 0} : null;
    }

    /** How one log axis is labelled: decades only or every multiple, and its range. */
    static final class LogAxis {
        final boolean decadesOnly;
        final double min;
        final double max;
        final List<Double> labelled;

        private LogAxis(boolean decadesOnly, double min, double max, List<Double> labelled) {
            this.decadesOnly = decadesOnly;
            this.min = min;
            this.max = max;
            this.labelled = labelled;
        }

        /**
         * The plan for data in {@code range} = {lo, hi, fixed} on an axis about {@code length} pixels long;
         * horizontal axes need room for each label's width, vertical ones for its height.
         */
        static LogAxis plan(double[] range, double length, boolean horizontal) {
            if (range == null) {
                return null;
            }
            double lo = range[0], hi = range[1];
            boolean fixed = range[2] != 0;
            if (hi == lo) { // one value: a decade around it
                lo /= Math.sqrt(10);
                hi *= Math.sqrt(10);
            }
            List<Double> all = multiples(lo, hi, false);
            if (all.size() >= 2 && fits(all, lo, hi, length, horizontal)) {
                return new LogAxis(false, lo, hi, all);
            }
            List<Double> decades = multiples(lo, hi, true);
            if (decades.size() < 2 && !fixed) { // widen to the nearest decades, the nearer side first
                List<Double> below = multiples(lo / 10, lo, true), above = multiples(hi, hi * 10, true);
                double down = below.get(below.size() - 1), up = above.get(0);
                boolean widenDown = decades.isEmpty() || Math.log10(lo / down) <= Math.log10(up / hi);
                boolean widenUp = decades.isEmpty() || !widenDown;
                lo = widenDown ? down : lo;
                hi = widenUp ? (up > hi ? up : hi * 10) : hi;
                decades = multiples(lo, hi, true);
            }
            return new LogAxis(true, lo, hi, decades);
        }

        /** The 1..9 multiples of powers of ten in [lo, hi] (only the powers if {@code decades}). */
        static List<Double> multiples(double lo, double hi, boolean decades) {
            List<Double> out = new ArrayList<>();
            for (int e = (int) Math.floor(Math.log10(lo)) - 1; e <= (int) Math.ceil(Math.log10(hi)); e++) {
                for (int m = 1; m <= (decades ? 1 : 9); m++) {
                    double v = e < 0 ? m / Math.pow(10, -e) : m * Math.pow(10, e); // 6 / 10, not 6 * 0.1
                    if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) {
                        out.add(v);
                    }
                }
            }
            return out;
        }

        private static boolean fits(List<Double> ticks, double lo, double hi, double length, boolean horizontal) {
            FontMetrics fm = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics().getFontMetrics(TICK_FONT);
            double perDecade = length / Math.log10(hi / lo);
            for (int k = 1; k < ticks.size(); k++) {
                double gap = Math.log10(ticks.get(k) / ticks.get(k - 1)) * perDecade;
                double need = horizontal ? (fm.stringWidth(label(ticks.get(k))) + fm.stringWidth(label(ticks.get(k - 1)))) / 2.0 + 8
                        : fm.getHeight() + 4;
                if (gap < need) {
                    return false;
                }
            }
            return true;
        }

        /** The label XChart writes for a log-axis tick (its default decimal patterns). */
        static String label(double v) {
            String pattern = Math.abs(v) > 1000.0 || Math.abs(v) < 0.001 ? "0E0" : "0.###";
            return new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.getDefault())).format(v);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s on [%s, %s]: %s", decadesOnly ? "decades" : "every multiple",
                    label(min), label(max), labelled);
        }
    }
}
