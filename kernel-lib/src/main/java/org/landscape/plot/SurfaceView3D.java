package org.landscape.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The graph of a surface in 3-D: a shaded mesh seen from an angle (painter's algorithm, far faces first), coloured
 * by height like the heatmap, with a colour bar as its height scale. Heights can be drawn in log10 for losses that
 * span decades.
 */
public final class SurfaceView3D {
    private final Grid surface;
    private String title;
    private boolean log;
    private double azimuthDegrees = -55;
    private double elevationDegrees = 32;
    private int width = 520;
    private int height = 440;
    private int maxMesh = 48;
    /** Room on the right for the colour bar that gives the height scale. */
    private static final int COLOUR_BAR_MARGIN = 78;

    private SurfaceView3D(Grid surface) {
        this.surface = surface;
        this.title = surface.quantity();
    }

    public static SurfaceView3D of(Grid surface) {
        if (surface == null || surface.computedPoints() == 0 || Double.isNaN(surface.max())) {
            throw new IllegalArgumentException("surface has no computed finite values to plot: evaluate it first");
        }
        return new SurfaceView3D(surface);
    }

    public SurfaceView3D title(String title) {
        this.title = title;
        return this;
    }

    public SurfaceView3D logScale() {
        this.log = true;
        return this;
    }

    /** The viewing angle: azimuth around the vertical axis and elevation above the floor, in degrees. */
    public SurfaceView3D view(double azimuthDegrees, double elevationDegrees) {
        this.azimuthDegrees = azimuthDegrees;
        this.elevationDegrees = elevationDegrees;
        return this;
    }

    public SurfaceView3D size(int width, int height) {
        this.width = width;
        this.height = height;
        return this;
    }

    public Figure build() {
        double[][] v = surface.values();
        int ny = v.length, nx = v[0].length;
        int step = Math.max(1, (int) Math.ceil(Math.max(nx, ny) / (double) maxMesh));
        boolean useLog = log && surface.min() > 0;
        HeatmapPlot.Scale scale = new HeatmapPlot.Scale(surface.min(), surface.max(), useLog);
        double az = Math.toRadians(azimuthDegrees), el = Math.toRadians(elevationDegrees);
        Canvas c = new Canvas(width, height);
        c.title(title);
        int barWidth = 14, barX = width - COLOUR_BAR_MARGIN + 6, barY = 48, barHeight = height - barY - 60;
        double size = Math.min(width - COLOUR_BAR_MARGIN, height) * 0.34, cx = (width - COLOUR_BAR_MARGIN) / 2.0 + 8;
        double cy = height * 0.6;
        List<double[]> faces = new ArrayList<>(); // {depth, unitHeight, shade, x0,y0,...,x3,y3}
        for (int j = 0; j + step < ny; j += step) {
            for (int i = 0; i + step < nx; i += step) {
                int[][] corners = {{i, j}, {i + step, j}, {i + step, j + step}, {i, j + step}};
                double[][] p = new double[4][3];
                boolean missing = false;
                for (int k = 0; k < 4; k++) {
                    double z = scale.unit(v[corners[k][1]][corners[k][0]]);
                    missing |= Double.isNaN(z);
                    p[k][0] = 2.0 * corners[k][0] / (nx - 1) - 1;
                    p[k][1] = 2.0 * corners[k][1] / (ny - 1) - 1;
                    p[k][2] = z;
                }
                if (missing) {
                    continue;
                }
                double[] face = new double[11];
                double depth = 0, zMean = 0;
                for (int k = 0; k < 4; k++) {
                    double[] s = project(p[k], az, el);
                    face[3 + 2 * k] = cx + s[0] * size;
                    face[4 + 2 * k] = cy - s[1] * size;
                    depth += s[2] / 4;
                    zMean += p[k][2] / 4;
                }
                face[0] = depth;
                face[1] = zMean;
                face[2] = shade(p);
                faces.add(face);
            }
        }
        faces.sort(Comparator.comparingDouble((double[] f) -> f[0]).reversed());
        Graphics2D g = c.g;
        drawFloor(g, az, el, cx, cy, size);
        g.setStroke(new BasicStroke(0.4f));
        for (double[] f : faces) {
            Path2D.Double quad = new Path2D.Double();
            quad.moveTo(f[3], f[4]);
            for (int k = 1; k < 4; k++) {
                quad.lineTo(f[3 + 2 * k], f[4 + 2 * k]);
            }
            quad.closePath();
            Color base = Colormap.viridis(f[1]);
            double s = f[2];
            Color shaded = new Color((int) (base.getRed() * s), (int) (base.getGreen() * s), (int) (base.getBlue() * s));
            g.setColor(shaded);
            g.fill(quad);
            g.setColor(shaded.darker());
            g.draw(quad);
        }
        axisLabels(c, az, el, cx, cy, size);
        HeatmapPlot.colorbar(c, scale, barX, barY, barWidth, barHeight);
        c.g.setFont(Canvas.LABEL);
        c.g.setColor(Theme.TEXT);
        String heightName = surface.quantity() + (useLog ? " (log)" : "");
        java.awt.FontMetrics fm = c.g.getFontMetrics();
        c.g.drawString(heightName, (float) Math.min(barX + barWidth / 2.0 - fm.stringWidth(heightName) / 2.0,
                width - 4 - fm.stringWidth(heightName)), barY - 8);
        return c.finish(String.format(Locale.ROOT, "3-D view of %s (%s height, azimuth %.0f, elevation %.0f)",
                surface.quantity(), useLog ? "log10" : "linear", azimuthDegrees, elevationDegrees));
    }

    /** Screen x, screen y (up) and depth (larger is further) of a point in [-1,1]^2 x [0,1]. */
    static double[] project(double[] p, double az, double el) {
        double xr = p[0] * Math.cos(az) - p[1] * Math.sin(az);
        double yr = p[0] * Math.sin(az) + p[1] * Math.cos(az);
        double z = p[2] * 0.8;
        return new double[]{xr, z * Math.cos(el) + yr * Math.sin(el), yr * Math.cos(el) - z * Math.sin(el)};
    }

    private static double[] nearer(double[] a, double[] b) {
        return a[2] < b[2] ? a : b;
    }

    /** Lambert shading of a face with a light from the upper left front, between 0.55 and 1. */
    private static double shade(double[][] p) {
        double[] a = {p[2][0] - p[0][0], p[2][1] - p[0][1], (p[2][2] - p[0][2]) * 0.8};
        double[] b = {p[3][0] - p[1][0], p[3][1] - p[1][1], (p[3][2] - p[1][2]) * 0.8};
        double nx = a[1] * b[2] - a[2] * b[1], ny = a[2] * b[0] - a[0] * b[2], nz = a[0] * b[1] - a[1] * b[0];
        double norm = Math.sqrt(nx * nx + ny * ny + nz * nz);
        double lx = -0.4, ly = -0.4, lz = 0.82;
        double cos = Math.abs(nx * lx + ny * ly + nz * lz) / (norm == 0 ? 1 : norm);
        return 0.55 + 0.45 * cos;
    }

    private static void drawFloor(Graphics2D g, double az, double el, double cx, double cy, double size) {
        double[][] floor = {{-1, -1, 0}, {1, -1, 0}, {1, 1, 0}, {-1, 1, 0}};
        Path2D.Double path = new Path2D.Double();
        for (int k = 0; k < 4; k++) {
            double[] s = project(floor[k], az, el);
            if (k == 0) {
                path.moveTo(cx + s[0] * size, cy - s[1] * size);
            } else {
                path.lineTo(cx + s[0] * size, cy - s[1] * size);
            }
        }
        path.closePath();
        g.setColor(new Color(0xf2f2f2));
        g.fill(path);
        g.setColor(Color.GRAY);
        g.draw(path);
    }

    private void axisLabels(Canvas c, double az, double el, double cx, double cy, double size) {
        // Each axis is named beside whichever of its two floor edges is nearer the viewer.
        double[] xLabel = nearer(project(new double[]{0, -1.3, 0}, az, el), project(new double[]{0, 1.3, 0}, az, el));
        double[] yLabel = nearer(project(new double[]{-1.3, 0, 0}, az, el), project(new double[]{1.3, 0, 0}, az, el));
        c.boxedText(surface.xName(), cx + xLabel[0] * size, cy - xLabel[1] * size, Color.BLACK);
        c.boxedText(surface.yName(), cx + yLabel[0] * size, cy - yLabel[1] * size, Color.BLACK);
        c.boxedText(String.format(Locale.ROOT, "%s: %s .. %s", surface.quantity(), Canvas.format(surface.min()),
                Canvas.format(surface.max())), width / 2.0, height - 14, Color.DARK_GRAY);
    }
}
