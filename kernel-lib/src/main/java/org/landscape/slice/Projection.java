package org.landscape.slice;

import java.util.Arrays;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.landscape.plot.Charted;
import org.landscape.plot.Plots;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * Points of parameter space (e.g. a training trajectory) projected onto a {@link Plane}: their coordinates, to draw
 * as a path on a slice, and how far each point lies from the plane. Shows as the path in the plane's coordinates;
 * {@link #table()} has one row per point. There is no {@code read}: a projection belongs to its plane, whose
 * direction vectors its file does not hold; project the points again ({@code trajectory.onto(plane)}, quick).
 */
public final class Projection implements Charted {
    private final Plane plane;
    private final double[] x;
    private final double[] y;
    private final double[] distances;

    Projection(Plane plane, double[] x, double[] y, double[] distances) {
        this.plane = plane;
        this.x = x;
        this.y = y;
        this.distances = distances;
    }

    /** Coordinates along the plane's first direction. */
    public double[] x() {
        return x.clone();
    }

    /** Coordinates along the plane's second direction. */
    public double[] y() {
        return y.clone();
    }

    /** The last point, e.g. where training ended: {x, y}. */
    public double[] end() {
        return new double[]{x[x.length - 1], y[y.length - 1]};
    }

    /** Distance of each point from the plane. */
    public double[] distances() {
        return distances.clone();
    }

    public int size() {
        return x.length;
    }

    /** An axis over the x coordinates with a margin of {@code margin} times their largest |x| on each side. */
    public Axis xAxis(double margin, int points) {
        return Axis.of(plane.name1(), -margin * maxAbs(x), margin * maxAbs(x), points);
    }

    /** As {@link #xAxis}, at least {@code minShare} of the x axis's half-width so a thin path gets a readable picture. */
    public Axis yAxis(double margin, double minShare, int points) {
        double half = Math.max(margin * maxAbs(y), minShare * margin * maxAbs(x));
        return Axis.of(plane.name2(), -half, half, points);
    }

    private static double maxAbs(double[] v) {
        double m = Arrays.stream(v).map(Math::abs).max().orElse(0);
        return m > 0 ? m : 1;
    }

    /** One row per point, in order: its coordinates in the plane and its distance from the plane. */
    @Override
    public Table table() {
        int[] point = new int[x.length];
        Arrays.setAll(point, i -> i);
        return Table.create("points projected onto " + plane.name1() + ", " + plane.name2(),
                IntColumn.create("point", point), DoubleColumn.create(plane.name1(), x.clone()),
                DoubleColumn.create(plane.name2(), y.clone()), DoubleColumn.create("distance from the plane",
                        distances.clone()));
    }

    /** The path in the plane's coordinates. */
    @Override
    public XYChart chart() {
        return Plots.line("path projected onto the plane", plane.name1(), plane.name2(), "path", x, y);
    }

    @Override
    public String toString() {
        return summary();
    }

    @Override
    public String summary() {
        return String.format(Locale.ROOT, "%d points projected: %s in [%.3g, %.3g], %s in [%.3g, %.3g]; distance from the "
                        + "plane up to %.3g", x.length, plane.name1(), Arrays.stream(x).min().orElse(Double.NaN),
                Arrays.stream(x).max().orElse(Double.NaN), plane.name2(), Arrays.stream(y).min().orElse(Double.NaN),
                Arrays.stream(y).max().orElse(Double.NaN), Arrays.stream(distances).max().orElse(Double.NaN));
    }
}
