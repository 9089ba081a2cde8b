package org.landscape.slice;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.landscape.plot.Charted;
import org.landscape.plot.Plots;
import org.landscape.plot.ResultFile;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * Points of parameter space (e.g. a training trajectory) projected onto a {@link Plane}: their coordinates, to draw
 * as a path on a slice, and how far each point lies from the plane. Shows as the path in the plane's coordinates;
 * {@link #table()} has one row per point. {@link #read} gives back every coordinate and distance, bit for bit, with the
 * plane's axis names (all a projection keeps of its plane); a damaged file is refused naming its line.
 */
public final class Projection implements Charted {
    private final String name1;
    private final String name2;
    private final double[] x;
    private final double[] y;
    private final double[] distances;

    Projection(Plane plane, double[] x, double[] y, double[] distances) {
        this(plane.name1(), plane.name2(), x, y, distances);
    }

    // only the axis names: the plane's direction vectors (n numbers each) would stay alive with every projection
    private Projection(String name1, String name2, double[] x, double[] y, double[] distances) {
        this.name1 = name1;
        this.name2 = name2;
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
        return Axis.of(name1, -margin * maxAbs(x), margin * maxAbs(x), points);
    }

    /** As {@link #xAxis}, at least {@code minShare} of the x axis's half-width so a thin path gets a readable picture. */
    public Axis yAxis(double margin, double minShare, int points) {
        double half = Math.max(margin * maxAbs(y), minShare * margin * maxAbs(x));
        return Axis.of(name2, -half, half, points);
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
        return Table.create("points projected onto " + name1 + ", " + name2,
                IntColumn.create(POINT, point), DoubleColumn.create(name1, x.clone()),
                DoubleColumn.create(name2, y.clone()), DoubleColumn.create(DISTANCE,
                        distances.clone()));
    }

    /** The path in the plane's coordinates. */
    @Override
    public XYChart chart() {
        return Plots.line("path projected onto the plane", name1, name2, "path", x, y);
    }

    private static final String POINT = "point", DISTANCE = "distance from the plane";

    /** Saves {@link #table()} (every number unrounded) with the plane's axis names, for {@link #read}. */
    @Override
    public void write(Path file) {
        ResultFile.write(file, "Projection", ResultFile.meta("x", name1, "y", name2), table());
    }

    /**
     * The projection saved by {@link #write}: the same points, summary, table and path. Refused, naming the line:
     * points out of order, a negative distance, a damaged file.
     */
    public static Projection read(Path file) {
        ResultFile f = ResultFile.read(file, "Projection");
        String name1 = f.meta("x"), name2 = f.meta("y");
        if (name1.equals(name2) || name1.equals(POINT) || name1.equals(DISTANCE)) {
            throw f.badMeta("x", "the axis name '" + name1 + "' is also the name of another column");
        }
        if (name2.equals(POINT) || name2.equals(DISTANCE)) {
            throw f.badMeta("y", "the axis name '" + name2 + "' is also the name of another column");
        }
        f.expectColumns(POINT, name1, name2, DISTANCE);
        int[] point = f.ints(POINT);
        double[] distances = f.doubles(DISTANCE);
        for (int i = 0; i < point.length; i++) {
            if (point[i] != i) {
                throw f.badCell(i, POINT, "point " + point[i] + " where " + i + " belongs (rows reordered?)");
            }
            if (distances[i] < 0) {
                throw f.badCell(i, DISTANCE, "a distance is >= 0, not " + distances[i]);
            }
        }
        return new Projection(name1, name2, f.doubles(name1), f.doubles(name2), distances);
    }

    @Override
    public String toString() {
        return summary();
    }

    @Override
    public String summary() {
        return String.format(Locale.ROOT, "%d points projected: %s in [%.3g, %.3g], %s in [%.3g, %.3g]; distance from the "
                        + "plane up to %.3g", x.length, name1, Arrays.stream(x).min().orElse(Double.NaN),
                Arrays.stream(x).max().orElse(Double.NaN), name2, Arrays.stream(y).min().orElse(Double.NaN),
                Arrays.stream(y).max().orElse(Double.NaN), Arrays.stream(distances).max().orElse(Double.NaN));
    }
}
