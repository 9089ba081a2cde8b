package org.landscape.slice;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import java.nio.file.Path;
import org.knowm.xchart.XYChart;
import org.landscape.display.Progress;
import org.landscape.plot.Charted;
import org.landscape.plot.Plots;
import org.landscape.plot.ResultFile;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/**
 * A function of one coordinate on a grid: a 1-D section of the landscape, e.g. the loss between two solutions. Shows
 * as a line chart; {@link #write} saves it and {@link #read} gives back the same curve.
 */
public final class Curve implements Charted {
    private final String quantity;
    private final Axis t;
    private final double[] values;

    private Curve(String quantity, Axis t, double[] values) {
        this.quantity = quantity;
        this.t = t;
        this.values = values;
    }

    /**
     * f at every point of {@code t}; non-finite values are stored as NaN. Nothing is kept when interrupted (the
     * message says so); {@link Slices#line} keeps its points and resumes.
     */
    public static Curve evaluate(String quantity, Axis t, DoubleUnaryOperator f) {
        Partial p = new Partial(quantity, t);
        try {
            return p.fill(f, false);
        } catch (java.util.concurrent.CancellationException e) {
            throw new java.util.concurrent.CancellationException(quantity + " interrupted after " + p.done + " of "
                    + p.values.length + " points; nothing is kept, so running the cell again recomputes it from the start");
        }
    }

    /** The points of a curve computed so far, so that an interrupted evaluation can go on where it stopped. */
    static final class Partial {
        final String quantity;
        final Axis t;
        final double[] values;
        int done;

        Partial(String quantity, Axis t) {
            org.landscape.util.Memory.require(8L * t.points(), "a curve of " + t.points() + " points",
                    "use fewer points on the axis (a few hundred draw a smooth curve)");
            this.quantity = quantity;
            this.t = t;
            this.values = new double[t.points()];
        }

        /** Computes the points not done yet; interrupted, keeps them (the progress message says it resumes). */
        Curve fill(DoubleUnaryOperator f, boolean resumable) {
            String label = quantity + " at " + t.points() + " points";
            try (Progress progress = resumable ? Progress.resume(label, values.length, done)
                    : Progress.start(label, values.length)) {
                while (done < values.length) {
                    double v = f.applyAsDouble(t.value(done));
                    values[done] = Double.isFinite(v) ? v : Double.NaN;
                    done++;
                    progress.step();
                }
            }
            return new Curve(quantity, t, values.clone());
        }
    }

    /** A curve from values already computed at the points of {@code t}. */
    public static Curve of(String quantity, Axis t, double[] values) {
        if (values.length != t.points()) {
            throw new IllegalArgumentException("values has " + values.length + " entries for " + t.points() + " points");
        }
        return new Curve(quantity, t, values.clone());
    }

    public Axis axis() {
        return t;
    }

    public double[] values() {
        return values.clone();
    }

    public double value(int i) {
        return values[i];
    }

    /** The value at t: the computed one where t is a point of the axis, else linear interpolation. */
    public double valueAt(double tv) {
        if (!(tv >= t.min() && tv <= t.max())) {
            throw new IllegalArgumentException("t = " + tv + " is outside [" + t.min() + ", " + t.max() + "]");
        }
        int i = t.index(tv);
        if (i >= 0) {
            return values[i];
        }
        double f = (tv - t.min()) / (t.max() - t.min()) * (t.points() - 1);
        int i0 = Math.min((int) f, t.points() - 2);
        return values[i0] + (f - i0) * (values[i0 + 1] - values[i0]);
    }

    public double max() {
        return Arrays.stream(values).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
    }

    public double min() {
        return Arrays.stream(values).filter(v -> !Double.isNaN(v)).min().orElse(Double.NaN);
    }

    /** The barrier: the highest value minus the higher of the two end values. */
    public double barrier() {
        return max() - Math.max(values[0], values[values.length - 1]);
    }

    /** The quantity's name, e.g. "loss". */
    public String quantity() {
        return quantity;
    }

    /** One row per point: the coordinate and the value (empty where not finite). */
    @Override
    public Table table() {
        return Table.create(quantity, DoubleColumn.create(t.name(), t.values()), DoubleColumn.create(quantity, values.clone()));
    }

    @Override
    public XYChart chart() {
        return Plots.line(quantity + " along a line", t.name(), quantity, quantity, t.values(), values);
    }

    /** Saves {@link #table()} with the axis in its comment lines, for {@link #read}. */
    @Override
    public void write(Path file) {
        java.util.Map<String, String> meta = ResultFile.meta("quantity", quantity);
        t.describeIn(meta, "axis");
        ResultFile.write(file, "Curve", meta, table());
    }

    /** The curve saved by {@link #write}; a point off the saved axis or a damaged file is refused with its line. */
    public static Curve read(Path file) {
        ResultFile f = ResultFile.read(file, "Curve");
        Axis axis = Axis.read(f, "axis");
        f.expectColumns(axis.name(), f.meta("quantity"));
        if (f.rows() != axis.points()) {
            throw f.badMeta("axis.points", "the axis has " + axis.points() + " points but the table " + f.rows() + " rows");
        }
        double[] at = f.doubles(axis.name());
        for (int i = 0; i < at.length; i++) {
            if (Double.doubleToLongBits(at[i]) != Double.doubleToLongBits(axis.value(i))) {
                throw f.badCell(i, axis.name(), at[i] + " is not point " + i + " of the axis, " + axis.value(i));
            }
        }
        return new Curve(f.meta("quantity"), axis, f.doubles(f.meta("quantity")));
    }

    @Override
    public String summary() {
        return String.format(Locale.ROOT, "%s at %d points of %s: ends %.4g and %.4g, max %.4g (barrier %.4g)", quantity,
                values.length, t.name(), values[0], values[values.length - 1], max(), barrier());
    }

    @Override
    public String toString() {
        return summary();
    }
}
