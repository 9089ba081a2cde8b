package org.landscape.display;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.RenderedImage;
import java.util.List;
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

    /** The classes a kernel should register renderers for. */
    public static final List<Class<?>> RENDERED_TYPES = List.of(Chart.class, Table.class, Displayable.class);

    private Renderings() {
    }

    /** Whether {@link #of(Object)} knows how to show {@code value}. */
    public static boolean supports(Object value) {
        return value instanceof Chart || value instanceof Table || value instanceof Displayable
                || value instanceof RenderedImage;
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
        return MimeBundle.text(String.valueOf(value));
    }

    /** The chart drawn at {@link #PIXEL_RATIO} times its size. */
    public static BufferedImage chartImage(Chart<?, ?> chart) {
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

    /** A readable HTML table: the head and tail when long, with the row and column counts underneath. */
    public static String tableHtml(Table table, int maxRows) {
        StringBuilder html = new StringBuilder("<div><table style=\"border-collapse:collapse;font-size:90%\">");
        if (table.name() != null && !table.name().isBlank()) {
            html.append("<caption style=\"text-align:left;font-weight:bold\">").append(escape(table.name())).append("</caption>");
        }
        html.append("<thead><tr>");
        for (Column<?> column : table.columns()) {
            html.append("<th style=\"text-align:right;padding:2px 8px;border-bottom:1px solid #999\">")
                    .append(escape(column.name())).append("</th>");
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
            html.append("<td style=\"text-align:right;padding:2px 8px\">")
                    .append(escape(column.getString(row))).append("</td>");
        }
        html.append("</tr>");
    }

    public static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
