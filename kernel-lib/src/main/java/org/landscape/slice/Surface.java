package org.landscape.slice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleBinaryOperator;
import org.landscape.display.Displayable;
import org.landscape.display.MimeBundle;
import org.landscape.display.Progress;
import org.landscape.plot.Plots;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/**
 * A function of two coordinates evaluated on a grid, e.g. a 2-D section of the loss landscape (12.1.1). Points not
 * yet computed are remembered, so an interrupted evaluation resumes where it stopped ({@link #fill}); a point whose
 * value is not finite is stored as NaN and drawn as such. Displays as a heatmap with labelled contour lines.
 */
public final class Surface implements org.landscape.plot.Grid, Displayable {
    /** A grid may use at most this fraction of the free heap; bigger ones are refused before allocating. */
    static final double MAX_HEAP_FRACTION = 0.5;

    private final String quantity;
    private final Axis x;
    private final Axis y;
    private final double[] values; // row-major over y then x: values[j * nx + i] = f(x_i, y_j)
    private final BitSet computed;

    private Surface(String quantity, Axis x, Axis y) {
        this.quantity = quantity;
        this.x = x;
        this.y = y;
        long points = (long) x.points() * y.points();
        long bytes = points * (Double.BYTES + 1);
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (points > Integer.MAX_VALUE - 8 || bytes > MAX_HEAP_FRACTION * free) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "a %d x %d grid needs %.1f MB but only %.1f MB of heap is free: use fewer points per axis "
                            + "or start the kernel with a larger -Xmx", x.points(), y.points(), bytes / 1e6, free / 1e6));
        }
        this.values = new double[(int) points];
        java.util.Arrays.fill(values, Double.NaN);
        this.computed = new BitSet((int) points);
    }

    /** An empty grid over {@code x} times {@code y}, to be filled by {@link #fill}. */
    public static Surface grid(String quantity, Axis x, Axis y) {
        return new Surface(quantity, x, y);
    }

    /** f evaluated at every grid point, with a progress bar. */
    public static Surface evaluate(String quantity, Axis x, Axis y, DoubleBinaryOperator f) {
        return grid(quantity, x, y).fill(f);
    }

    /**
     * Computes the points not computed yet. If the cell is interrupted, the points done so far are kept and
     * calling {@code fill} again finishes the rest.
     */
    public Surface fill(DoubleBinaryOperator f) {
        int nx = x.points();
        try (Progress progress = Progress.resume(quantity + " on " + nx + "x" + y.points() + " grid",
                values.length, computed.cardinality())) {
            for (int k = computed.nextClearBit(0); k < values.length; k = computed.nextClearBit(k + 1)) {
                double v = f.applyAsDouble(x.value(k % nx), y.value(k / nx));
                values[k] = Double.isFinite(v) ? v : Double.NaN;
                computed.set(k);
                progress.step();
            }
        }
        return this;
    }

    /** Evaluates two quantities at several points at once: returns {first values, second values}. */
    interface PairBatch {
        double[][] apply(double[] xs, double[] ys);
    }

    /**
     * Two grids over the same axes filled in one pass by f, {@code batch} points per call (the plane evaluator
     * shares work between the points of a batch). Progress and resumption are per batch.
     */
    static void fillTogether(Surface first, Surface second, int batch, PairBatch f) {
        int nx = first.x.points();
        int total = first.values.length;
        BitSet both = (BitSet) first.computed.clone();
        both.and(second.computed);
        try (Progress progress = Progress.resume(first.quantity + " on " + nx + "x" + first.y.points() + " grid",
                total, both.cardinality())) {
            int[] pending = new int[batch];
            for (int k = both.nextClearBit(0); k < total; ) {
                int count = 0;
                for (; count < batch && k < total; k = both.nextClearBit(k + 1)) {
                    pending[count++] = k;
                }
                double[] xs = new double[count], ys = new double[count];
                for (int p = 0; p < count; p++) {
                    xs[p] = first.x.value(pending[p] % nx);
                    ys[p] = first.y.value(pending[p] / nx);
                }
                double[][] v = f.apply(xs, ys);
                for (int p = 0; p < count; p++) {
                    int at = pending[p];
                    first.values[at] = Double.isFinite(v[0][p]) ? v[0][p] : Double.NaN;
                    second.values[at] = Double.isFinite(v[1][p]) ? v[1][p] : Double.NaN;
                    first.computed.set(at);
                    second.computed.set(at);
                }
                progress.step(count);
            }
        }
    }

    public String quantity() {
        return quantity;
    }

    public Axis x() {
        return x;
    }

    public Axis y() {
        return y;
    }

    @Override
    public String xName() {
        return x.name();
    }

    @Override
    public String yName() {
        return y.name();
    }

    @Override
    public double xMin() {
        return x.min();
    }

    @Override
    public double xMax() {
        return x.max();
    }

    @Override
    public double yMin() {
        return y.min();
    }

    @Override
    public double yMax() {
        return y.max();
    }

    /** f(x_i, y_j); NaN where not computed or not finite. */
    public double value(int i, int j) {
        return values[j * x.points() + i];
    }

    /** values[j][i] = f(x_i, y_j), a copy. */
    public double[][] values() {
        double[][] v = new double[y.points()][x.points()];
        for (int j = 0; j < y.points(); j++) {
            System.arraycopy(values, j * x.points(), v[j], 0, x.points());
        }
        return v;
    }

    public boolean isComplete() {
        return computed.cardinality() == values.length;
    }

    public int computedPoints() {
        return computed.cardinality();
    }

    /** The smallest finite value and its grid indices {i, j}; null if there is none. */
    public int[] argmin() {
        int best = -1;
        for (int k = 0; k < values.length; k++) {
            if (!Double.isNaN(values[k]) && (best < 0 || values[k] < values[best])) {
                best = k;
            }
        }
        return best < 0 ? null : new int[]{best % x.points(), best / x.points()};
    }

    public double min() {
        int[] at = argmin();
        return at == null ? Double.NaN : value(at[0], at[1]);
    }

    public double max() {
        double m = Double.NaN;
        for (double v : values) {
            if (!Double.isNaN(v) && !(v <= m)) {
                m = v;
            }
        }
        return m;
    }

    /**
     * Points (x, y) on the level set {value = level}, traced by marching squares (linear interpolation between
     * grid points): the endpoints of every contour segment, in the axes' coordinates.
     */
    public List<double[]> levelSet(double level) {
        List<double[]> points = new ArrayList<>();
        double sx = (x.max() - x.min()) / (x.points() - 1), sy = (y.max() - y.min()) / (y.points() - 1);
        for (double[] s : org.landscape.plot.Contours.segments(values(), level)) {
            points.add(new double[]{x.min() + s[0] * sx, y.min() + s[1] * sy});
            points.add(new double[]{x.min() + s[2] * sx, y.min() + s[3] * sy});
        }
        return points;
    }

    /** The q-quantile (0..1) of the finite values, e.g. to clip a shared colour scale at the 90th percentile. */
    public double quantile(double q) {
        double[] finite = java.util.Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (finite.length == 0) {
            return Double.NaN;
        }
        return finite[(int) Math.min(finite.length - 1, Math.max(0, Math.round(q * (finite.length - 1))))];
    }

    /** One row per grid point: x, y, value (NaN where not computed). */
    public Table toTable() {
        int n = values.length, nx = x.points();
        double[] xs = new double[n], ys = new double[n];
        for (int k = 0; k < n; k++) {
            xs[k] = x.value(k % nx);
            ys[k] = y.value(k / nx);
        }
        return Table.create(quantity, DoubleColumn.create(x.name(), xs), DoubleColumn.create(y.name(), ys),
                DoubleColumn.create(quantity, values.clone()));
    }

    /**
     * Saves the grid as CSV: a header line with the axes, then one line per point (x, y, value, computed), so a
     * partly computed grid can be loaded and finished later.
     */
    public void writeCsv(Path file) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "# surface,%s,%s,%.17g,%.17g,%d,%s,%.17g,%.17g,%d", quantity,
                x.name(), x.min(), x.max(), x.points(), y.name(), y.min(), y.max(), y.points()));
        lines.add(x.name() + "," + y.name() + "," + quantity + ",computed");
        for (int k = 0; k < values.length; k++) {
            lines.add(String.format(Locale.ROOT, "%.17g,%.17g,%.17g,%d", x.value(k % x.points()),
                    y.value(k / x.points()), values[k], computed.get(k) ? 1 : 0));
        }
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    /** Loads a grid saved by {@link #writeCsv}. */
    public static Surface readCsv(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("file: no saved surface at " + file.toAbsolutePath(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
        if (lines.isEmpty() || !lines.get(0).startsWith("# surface,")) {
            throw new IllegalArgumentException("file: " + file + " is not a surface saved by Surface.writeCsv");
        }
        String[] h = lines.get(0).split(",");
        Surface s = new Surface(h[1], Axis.of(h[2], Double.parseDouble(h[3]), Double.parseDouble(h[4]),
                Integer.parseInt(h[5])), Axis.of(h[6], Double.parseDouble(h[7]), Double.parseDouble(h[8]),
                Integer.parseInt(h[9])));
        if (lines.size() != s.values.length + 2) {
            throw new IllegalArgumentException("file: " + file + " has " + (lines.size() - 2) + " points, expected "
                    + s.values.length + " (truncated?)");
        }
        for (int k = 0; k < s.values.length; k++) {
            String[] f = lines.get(k + 2).split(",");
            s.values[k] = Double.parseDouble(f[2]);
            if ("1".equals(f[3])) {
                s.computed.set(k);
            }
        }
        return s;
    }

    @Override
    public String summary() {
        int[] at = argmin();
        String where = at == null ? "no finite value"
                : String.format(Locale.ROOT, "min %.4g at (%s=%.3g, %s=%.3g), max %.4g", value(at[0], at[1]),
                x.name(), x.value(at[0]), y.name(), y.value(at[1]), max());
        return String.format(Locale.ROOT, "%s on a %dx%d grid (%d of %d points computed): %s", quantity,
                x.points(), y.points(), computedPoints(), values.length, where);
    }

    @Override
    public MimeBundle toMimeBundle() {
        return Plots.heatmap(this).toMimeBundle().withText(summary());
    }

    @Override
    public String toString() {
        return summary();
    }
}
