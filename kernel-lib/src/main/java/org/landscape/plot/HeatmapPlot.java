package org.landscape.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A surface seen from above: a shaded heatmap with labelled contour lines and a colour bar, or, with
 * {@link #levelSetsOnly()}, just the level sets {L = c}. Fluent, in the manner of XChart's builders:
 *
 * <pre>{@code HeatmapPlot.of(surface).title("loss").logScale().levels(12).marker(0.5, 1.2, "minimum").build()}</pre>
 */
public final class HeatmapPlot {
    private final Grid surface;
    private String title;
    private boolean log;
    private int levels = 10;
    private boolean fill = true;
    private int width = 520;
    private int height = 440;
    private final List<Object[]> markers = new ArrayList<>();
    private final List<Object[]> paths = new ArrayList<>();
    private final List<Object[]> highlighted = new ArrayList<>();
    private double colourMin = Double.NaN;
    private double colourMax = Double.NaN;

    private HeatmapPlot(Grid surface) {
        this.surface = surface;
        this.title = surface.quantity();
    }

    public static HeatmapPlot of(Grid surface) {
        if (surface == null || surface.computedPoints() == 0 || Double.isNaN(surface.max())) {
            throw new IllegalArgumentException("surface has no computed finite values to plot: evaluate it first "
                    + "(Surface.fill) or check why every point is NaN");
        }
        return new HeatmapPlot(surface);
    }

    public HeatmapPlot title(String title) {
        this.title = title;
        return this;
    }

    /** Colours and contour levels spaced in log10 of the value (losses span decades); needs positive values. */
    public HeatmapPlot logScale() {
        this.log = true;
        return this;
    }

    public HeatmapPlot levels(int levels) {
        if (levels < 1) {
            throw new IllegalArgumentException("levels must be >= 1, got " + levels);
        }
        this.levels = levels;
        return this;
    }

    /** Contour lines only, on white: the level sets, as opposed to the graph. */
    public HeatmapPlot levelSetsOnly() {
        this.fill = false;
        return this;
    }

    public HeatmapPlot size(int width, int height) {
        this.width = width;
        this.height = height;
        return this;
    }

    /** A polyline in the plot's coordinates (e.g. a training trajectory projected onto the plane), start to end. */
    public HeatmapPlot path(double[] xs, double[] ys, String label) {
        if (xs.length != ys.length || xs.length == 0) {
            throw new IllegalArgumentException("path needs equally many x and y values, at least one");
        }
        paths.add(new Object[]{xs.clone(), ys.clone(), label});
        return this;
    }

    /** An extra contour line at {@code level}, drawn dashed in orange and labelled (e.g. a critical loss level). */
    public HeatmapPlot contour(double level, String label) {
        highlighted.add(new Object[]{level, label});
        return this;
    }

    /** Fixes the colour scale (for panels that share one); values outside are drawn at the ends. */
    public HeatmapPlot colourRange(double min, double max) {
        if (!(min < max)) {
            throw new IllegalArgumentException("colour range needs min < max, got " + min + ", " + max);
        }
        this.colourMin = min;
        this.colourMax = max;
        return this;
    }

    /** A labelled point in the plot's coordinates. */
    public HeatmapPlot marker(double x, double y, String label) {
        markers.add(new Object[]{x, y, label});
        return this;
    }

    public Figure build() {
        double vmin = Double.isNaN(colourMin) ? surface.min() : colourMin;
        double vmax = Double.isNaN(colourMax) ? surface.max() : colourMax;
        boolean useLog = log && vmin > 0;
        Scale scale = new Scale(vmin, vmax, useLog);
        Canvas c = new Canvas(width, height);
        int px = 62, py = 32, pw = width - px - (fill ? 92 : 24), ph = height - py - 50;
        c.title(title + (log && !useLog ? " (linear: values not all positive)" : ""));
        double[][] v = surface.values();
        int nx = v[0].length, ny = v.length;
        double xmin = surface.xMin(), xmax = surface.xMax(), ymin = surface.yMin(), ymax = surface.yMax();
        Graphics2D g = c.g;
        if (fill) {
            BufferedImage cells = new BufferedImage(nx, ny, BufferedImage.TYPE_INT_RGB);
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    cells.setRGB(i, ny - 1 - j, Colormap.viridis(scale.unit(v[j][i])).getRGB());
                }
            }
            // Pixel centres sit on the grid points: the image extends half a cell beyond the plot and is clipped.
            double cw = (double) pw / (nx - 1), ch = (double) ph / (ny - 1);
            Graphics2D h = (Graphics2D) g.create();
            h.clipRect(px, py, pw, ph);
            h.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            h.drawImage(cells, (int) Math.round(px - cw / 2), (int) Math.round(py - ch / 2),
                    (int) Math.round(pw + cw), (int) Math.round(ph + ch), null);
            h.dispose();
        }
        // Contours, each labelled once: at the segment nearest a target spot that keeps clear of other labels.
        double[] levelValues = scale.levels(levels);
        Graphics2D lines = (Graphics2D) g.create();
        lines.clipRect(px, py, pw, ph);
        List<java.awt.geom.Rectangle2D> placed = new ArrayList<>();
        for (Object[] m : markers) { // keep contour labels off the markers and their names
            double mx = px + ((double) m[0] - xmin) / (xmax - xmin) * pw, my = py + ph - ((double) m[1] - ymin) / (ymax - ymin) * ph;
            placed.add(new java.awt.geom.Rectangle2D.Double(mx - 30, my - 22, 60, 30));
        }
        for (int k = 0; k < levelValues.length; k++) {
            List<double[]> segments = Contours.segments(v, levelValues[k]);
            Color color = fill ? new Color(255, 255, 255, 170) : Colormap.viridis(0.85 * k / Math.max(1, levelValues.length - 1));
            lines.setColor(color);
            lines.setStroke(new BasicStroke(fill ? 0.9f : 1.4f));
            List<double[]> candidates = new ArrayList<>();
            double targetX = px + pw * (0.3 + 0.4 * k / Math.max(1, levelValues.length - 1));
            for (double[] s : segments) {
                double x1 = px + s[0] / (nx - 1) * pw, y1 = py + ph - s[1] / (ny - 1) * ph;
                double x2 = px + s[2] / (nx - 1) * pw, y2 = py + ph - s[3] / (ny - 1) * ph;
                lines.draw(new Line2D.Double(x1, y1, x2, y2));
                candidates.add(new double[]{(x1 + x2) / 2, (y1 + y2) / 2, Math.abs((x1 + x2) / 2 - targetX)});
            }
            candidates.sort((p1, p2) -> Double.compare(p1[2], p2[2]));
            String text = Canvas.format(levelValues[k]);
            double w = 7 * text.length() + 6, h = 14;
            for (double[] at : candidates) {
                java.awt.geom.Rectangle2D box = new java.awt.geom.Rectangle2D.Double(at[0] - w / 2, at[1] - h / 2, w, h);
                boolean inside = box.getMinX() > px && box.getMaxX() < px + pw && box.getMinY() > py && box.getMaxY() < py + ph;
                if (inside && placed.stream().noneMatch(r -> r.intersects(box))) {
                    placed.add(box);
                    c.boxedText(text, at[0], at[1], fill ? Color.BLACK : color.darker());
                    break;
                }
            }
        }
        for (Object[] h : highlighted) {
            lines.setColor(new Color(0xff7f0e));
            lines.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[]{6f, 4f}, 0f));
            double[] labelAt = null;
            for (double[] s : Contours.segments(v, (double) h[0])) {
                double x1 = px + s[0] / (nx - 1) * pw, y1 = py + ph - s[1] / (ny - 1) * ph;
                double x2 = px + s[2] / (nx - 1) * pw, y2 = py + ph - s[3] / (ny - 1) * ph;
                lines.draw(new Line2D.Double(x1, y1, x2, y2));
                if (labelAt == null || y1 < labelAt[1]) {
                    labelAt = new double[]{x1, y1};
                }
            }
            if (labelAt != null) {
                c.boxedText((String) h[1], labelAt[0], labelAt[1] + 10, new Color(0xb35900));
            }
        }
        lines.dispose();
        for (Object[] p : paths) {
            double[] xs = (double[]) p[0], ys = (double[]) p[1];
            java.awt.geom.Path2D.Double line = new java.awt.geom.Path2D.Double();
            for (int k = 0; k < xs.length; k++) {
                double x = px + (xs[k] - xmin) / (xmax - xmin) * pw, y = py + ph - (ys[k] - ymin) / (ymax - ymin) * ph;
                if (k == 0) {
                    line.moveTo(x, y);
                } else {
                    line.lineTo(x, y);
                }
            }
            Graphics2D t = (Graphics2D) g.create();
            t.clipRect(px, py, pw, ph);
            t.setStroke(new BasicStroke(3.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            t.setColor(new Color(255, 255, 255, 200));
            t.draw(line);
            t.setStroke(new BasicStroke(1.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            t.setColor(new Color(0xd62728));
            t.draw(line);
            t.dispose();
            double x0 = px + (xs[0] - xmin) / (xmax - xmin) * pw, y0 = py + ph - (ys[0] - ymin) / (ymax - ymin) * ph;
            c.boxedText((String) p[2] + " start", x0, y0 + 12, new Color(0xd62728).darker());
        }
        for (Object[] m : markers) {
            double x = px + ((double) m[0] - xmin) / (xmax - xmin) * pw;
            double y = py + ph - ((double) m[1] - ymin) / (ymax - ymin) * ph;
            Shape dot = new Ellipse2D.Double(x - 4, y - 4, 8, 8);
            g.setColor(Color.RED);
            g.fill(dot);
            g.setColor(Color.WHITE);
            g.setStroke(new BasicStroke(1.2f));
            g.draw(dot);
            c.boxedText((String) m[2], x, y - 12, Color.RED.darker());
        }
        c.axes(px, py, pw, ph, xmin, xmax, ymin, ymax, surface.xName(), surface.yName());
        if (fill) {
            colorbar(c, scale, px + pw + 18, py, 14, ph);
        }
        return c.finish(String.format(Locale.ROOT, "%s of %s: %s (%s, %d contour levels)", fill ? "heatmap" : "level sets",
                surface.quantity(), title, useLog ? "log colour scale" : "linear colour scale", levelValues.length));
    }

    /** A vertical colour bar at (x, y), w x h, with the scale's ticks on its right. */
    static void colorbar(Canvas c, Scale scale, int x, int y, int w, int h) {
        Graphics2D g = c.g;
        for (int k = 0; k < h; k++) {
            g.setColor(Colormap.viridis(1 - (double) k / (h - 1)));
            g.fillRect(x, y + k, w, 1);
        }
        g.setColor(Color.DARK_GRAY);
        g.drawRect(x, y, w, h);
        g.setFont(Canvas.TICK);
        for (double t : scale.ticks()) {
            int yy = (int) Math.round(y + h - scale.unit(t) * h);
            g.drawLine(x + w, yy, x + w + 3, yy);
            g.drawString(Canvas.format(t), x + w + 5, yy + 4);
        }
    }

    /** Maps values to [0,1], linearly or in log10. */
    static final class Scale {
        final double lo, hi;
        final boolean log;

        Scale(double min, double max, boolean log) {
            this.log = log;
            double a = log ? Math.log10(min) : min, b = log ? Math.log10(max) : max;
            if (b <= a) {
                b = a + 1e-12 + Math.abs(a) * 1e-9;
            }
            lo = a;
            hi = b;
        }

        double unit(double v) {
            if (Double.isNaN(v)) {
                return Double.NaN;
            }
            double t = log ? Math.log10(v) : v;
            return (t - lo) / (hi - lo);
        }

        double value(double unit) {
            double t = lo + unit * (hi - lo);
            return log ? Math.pow(10, t) : t;
        }

        /**
         * About {@code n} round levels inside the range (1, 1.5, 2, 3, 5, 7 times powers of ten on a log scale;
         * nice linear ticks otherwise), so contour labels read as plain numbers.
         */
        double[] levels(int n) {
            List<Double> candidates = new ArrayList<>();
            if (log) {
                for (double e = Math.floor(lo); e <= Math.ceil(hi); e++) {
                    for (double m : mantissas()) {
                        candidates.add(m * Math.pow(10, e));
                    }
                }
            } else {
                candidates.addAll(Canvas.ticks(value(0), value(1), n + 1));
            }
            List<Double> inside = new ArrayList<>();
            for (double c : candidates) {
                double u = unit(c);
                if (u > 0.005 && u < 0.995) {
                    inside.add(c);
                }
            }
            int stride = Math.max(1, (int) Math.ceil(inside.size() / (double) n));
            List<Double> chosen = new ArrayList<>();
            for (int k = 0; k < inside.size(); k += stride) {
                chosen.add(inside.get(k));
            }
            if (chosen.isEmpty()) {
                chosen.add(value(0.5));
            }
            return chosen.stream().mapToDouble(Double::doubleValue).toArray();
        }

        /** Round mantissas for log-scale levels: finer when the range spans less than about a decade. */
        double[] mantissas() {
            return hi - lo < 1.2 ? new double[]{1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8, 9} : new double[]{1, 1.5, 2, 3, 5, 7};
        }

        List<Double> ticks() {
            List<Double> out = new ArrayList<>();
            if (!log) {
                return Canvas.ticks(lo, hi, 6);
            }
            double[] mantissas = hi - lo < 1.2 ? new double[]{1, 1.5, 2, 3, 4, 5, 6, 8}
                    : hi - lo < 4 ? new double[]{1, 2, 5} : new double[]{1};
            int decadeStep = Math.max(1, (int) Math.ceil((hi - lo) / 8)); // at most ~8 ticks
            for (double e = Math.floor(lo); e <= Math.ceil(hi); e++) {
                if (mantissas.length == 1 && ((long) e) % decadeStep != 0) {
                    continue;
                }
                for (double m : mantissas) {
                    double v = m * Math.pow(10, e);
                    double u = unit(v);
                    if (u >= -1e-9 && u <= 1 + 1e-9) {
                        out.add(v);
                    }
                }
            }
            if (out.size() < 2) {
                out.clear();
                out.add(value(0));
                out.add(value(1));
            }
            return out;
        }
    }
}
