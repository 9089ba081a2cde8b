package org.landscape.display;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.RenderedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Turns the objects a notebook shows (XChart charts, Tablesaw tables, images, the library's results) into a
 * {@link MimeBundle}. The one place that decides how things look; every kernel adapter calls it.
 */
public final class Renderings {
    /** Charts are drawn at this multiple of their size, then shown at their size: sharp on high-DPI screens. */
    public static final int PIXEL_RATIO = 2;
    /** Tables longer than this show their head and tail with the row count. */
    public static final int MAX_TABLE_ROWS = 20;

    /** Significant digits of a table's decimal numbers (the full value shows on hovering). */
    public static final int TABLE_DIGITS = 4;

    /** The classes a kernel should register renderers for (strings: so multi-line text keeps its lines). */
    public static final List<Class<?>> RENDERED_TYPES = List.of(Chart.class, Table.class, Displayable.class, String.class);

    private static volatile List<ChartTheme> themes;

    private Renderings() {
    }

    /** Whether {@link #of(Object)} knows how to show {@code value}. */
    public static boolean supports(Object value) {
        return value instanceof Chart || value instanceof Table || value instanceof Displayable
                || value instanceof RenderedImage || value instanceof CharSequence;
    }

    public static MimeBundle of(Object value) {
        if (value instanceof Displayable) {
            return ((Displayable) value).toMimeBundle();
        }
        if (value instanceof Chart) {
            Chart<?, ?> chart = (Chart<?, ?>) value;
            return MimeBundle.image(chartImage(chart), chart.getWidth(), "chart: " + chart.getTitle());
        }
        if (value instanceof Table) {
            Table table = (Table) value;
            return MimeBundle.html(tableHtml(table, MAX_TABLE_ROWS), table.shape());
        }
        if (value instanceof RenderedImage) {
            RenderedImage image = (RenderedImage) value;
            return MimeBundle.image(image, image.getWidth(), "image " + image.getWidth() + "x" + image.getHeight());
        }
        return text(String.valueOf(value));
    }

    /** Text, keeping its line breaks in HTML too (a kernel that prefers HTML would otherwise join the lines). */
    public static MimeBundle text(String text) {
        return text.indexOf('\n') < 0 ? MimeBundle.text(text) : MimeBundle.html(preformatted(text), text);
    }

    /** HTML showing {@code text} with its line breaks, in the notebook's text font. */
    public static String preformatted(String text) {
        return "<pre style=\"margin:0;white-space:pre-wrap\">" + escape(text.strip()) + "</pre>";
    }

    /**
     * The chart drawn at {@link #PIXEL_RATIO} times its size, in the library's theme (see {@link ChartTheme}): a
     * chart built with XChart's plain builders gets the theme unless its owner opted out, and log axes are
     * labelled for the data they show.
     */
    public static BufferedImage chartImage(Chart<?, ?> chart) {
        List<Runnable> undo = new ArrayList<>();
        for (ChartTheme theme : themes()) {
            undo.add(theme.prepare(chart));
        }
        try {
            return draw(chart);
        } finally {
            undo.forEach(Runnable::run);
        }
    }

    private static List<ChartTheme> themes() {
        List<ChartTheme> found = themes;
        if (found == null) {
            found = new ArrayList<>();
            for (ChartTheme theme : ServiceLoader.load(ChartTheme.class, Renderings.class.getClassLoader())) {
                found.add(theme);
            }
            themes = found;
        }
        return found;
    }

    private static BufferedImage draw(Chart<?, ?> chart) {
        int w = chart.getWidth(), h = chart.getHeight();
        BufferedImage image = new BufferedImage(w * PIXEL_RATIO, h * PIXEL_RATIO, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.scale(PIXEL_RATIO, PIXEL_RATIO);
        chart.paint(g, w, h);
        g.dispose();
        return image;
    }

    /**
     * A readable HTML table: decimals to {@link #TABLE_DIGITS} significant digits (the full value in a tooltip),
     * the head and tail when long, scrolling sideways inside the output when wide, with the row and column counts
     * underneath.
     */
    public static String tableHtml(Table table, int maxRows) {
        StringBuilder html = new StringBuilder("<div style=\"max-width:100%;overflow-x:auto\">"
                + "<table style=\"border-collapse:collapse;font-size:90%;margin:0\">");
        if (table.name() != null && !table.name().isBlank()) {
            html.append("<caption style=\"text-align:left;font-weight:bold;white-space:nowrap\">")
                    .append(escape(table.name())).append("</caption>");
        }
        html.append("<thead><tr>");
        for (Column<?> column : table.columns()) {
            html.append("<th style=\"text-align:right;vertical-align:bottom;padding:2px 6px;border-bottom:1px solid #999;"
                    + "max-width:8em;white-space:normal;line-height:1.15\">").append(escape(column.name())).append("</th>");
        }
        html.append("</tr></thead><tbody>");
        int rows = table.rowCount();
        boolean truncated = rows > maxRows;
        int head = truncated ? maxRows / 2 : rows;
        for (int r = 0; r < head; r++) {
            appendRow(html, table, r);
        }
        if (truncated) {
            html.append("<tr><td colspan=\"").append(table.columnCount())
                    .append("\" style=\"text-align:center;color:#777\">&#8942; ").append(rows - maxRows)
                    .append(" more rows &#8942;</td></tr>");
            for (int r = rows - (maxRows - head); r < rows; r++) {
                appendRow(html, table, r);
            }
        }
        html.append("</tbody></table><div style=\"color:#777;font-size:85%\">")
                .append(rows).append(" rows &times; ").append(table.columnCount()).append(" columns</div></div>");
        return html.toString();
    }

    private static void appendRow(StringBuilder html, Table table, int row) {
        html.append("<tr>");
        for (Column<?> column : table.columns()) {
            html.append("<td style=\"text-align:right;padding:2px 6px;white-space:nowrap\"");
            Object value = column.isMissing(row) ? null : column.get(row);
            if (value instanceof Double || value instanceof Float) {
                double v = ((Number) value).doubleValue();
                String shown = number(v);
                if (!shown.equals(column.getString(row))) {
                    html.append(" title=\"").append(escape(column.getString(row))).append('"');
                }
                html.append('>').append(escape(shown));
            } else {
                html.append('>').append(escape(column.getString(row)));
            }
            html.append("</td>");
        }
        html.append("</tr>");
    }

    /**
     * A decimal to {@link #TABLE_DIGITS} significant digits without trailing zeros: 0.8107, 1.5e-05, 2e+07, 12346, 3.
     * Integral values up to a million are written whole.
     */
    public static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        double a = Math.abs(v);
        if (a == 0) {
            return "0";
        }
        if (a < 1e6 && (v == Math.rint(v) || a >= 1e4)) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 1e6 || a < 1e-3) {
            String e = String.format(Locale.ROOT, "%." + (TABLE_DIGITS - 1) + "e", v); // 1.5000e-05 -> 1.5e-05
            return e.replaceAll("\\.?0+e", "e");
        }
        String s = String.format(Locale.ROOT, "%." + TABLE_DIGITS + "g", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    public static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
