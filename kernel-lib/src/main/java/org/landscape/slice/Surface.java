package org.landscape.slice;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleBinaryOperator;
import org.landscape.display.MimeBundle;
import org.landscape.display.Progress;
import org.landscape.plot.Plots;
import org.landscape.plot.ResultFile;
import org.landscape.util.Memory;
import org.landscape.stats.Stats;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/**
 * A function of two coordinates evaluated on a grid, e.g. a 2-D section of the loss landscape (12.1.1). Points not
 * yet computed are remembered, so an interrupted evaluation resumes where it stopped ({@link #fill}); a point whose
 * value is not finite is stored as NaN and drawn as such. Displays as a heatmap with labelled contour lines.
 */
public final class Surface implements org.landscape.plot.Grid, org.landscape.plot.Result {
    /** A grid may use at most this fraction of the free heap; bigger ones are refused before allocating. */
    static final double MAX_HEAP_FRACTION = 0.5;

    private final String quantity;
    private final Axis x;
    private final Axis y;
    private final double[] values; // row-major over y then x: values[j * nx + i] = f(x_i, y_j)
    private final BitSet computed;
    private Plane plane; // the section of parameter space this grid was cut from, if any

    /** A point of the grid: its coordinates and value. */
    public record Point(double x, double y, double value) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "(%.4g, %.4g): %.4g", x, y, value);
        }
    }

    private Surface(String quantity, Axis x, Axis y) {
        this.quantity = quantity;
        this.x = x;
        this.y = y;
        long points = (long) x.points() * y.points();
        long bytes = points * (Double.BYTES + 1);
        // garbage is not counted as used (Memory.freeHeap collects before refusing)
        long free = Memory.freeHeap(bytes / MAX_HEAP_FRACTION);
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

    /** Sets point k (row-major) as computed, e.g. from a block computed elsewhere. */
    void set(int k, double value) {
        values[k] = Double.isFinite(value) ? value : Double.NaN;
        computed.set(k);
    }

    /** Whether point k (row-major) is computed. */
    boolean computed(int k) {
        return computed.get(k);
    }

    /**
     * A digest of the grid (its axes and every value's bits), to tell two surfaces apart in one line: the same grid
     * computed in one call or in blocks on Spark gives the same digest.
     */
    public String digest() {
        return org.landscape.util.Fingerprint.of("surface numbers").add("quantity", quantity)
                .add("x", x.name() + " [" + x.min() + ", " + x.max() + "] " + x.points())
                .add("y", y.name() + " [" + y.min() + ", " + y.max() + "] " + y.points()).add("values", values)
                .build().digest().substring(0, 16);
    }

    /** Remembers the plane the grid's coordinates refer to (set by {@link Slices}). */
    Surface on(Plane plane) {
        this.plane = plane;
        return this;
    }

    /** The plane whose coordinates the axes are, or null for a surface not cut from parameter space. */
    public Plane plane() {
        return plane;
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
        if (i < 0 || i >= x.points() || j < 0 || j >= y.points()) {
            throw new IndexOutOfBoundsException("grid point (" + i + ", " + j + ") is outside the " + x.points() + " x "
                    + y.points() + " grid (i in 0.." + (x.points() - 1) + ", j in 0.." + (y.points() - 1) + ")");
        }
        return values[j * x.points() + i];
    }

    /**
     * max over the grid of |f - g| / |g|, g the other surface's values on the same grid (e.g. one model's slice
     * computed two ways); NaN if either has a point not computed or not finite.
     */
    public double maxRelativeDifference(Surface other) {
        if (other == null || other.x.points() != x.points() || other.y.points() != y.points()
                || other.x.min() != x.min() || other.x.max() != x.max() || other.y.min() != y.min()
                || other.y.max() != y.max()) {
            throw new IllegalArgumentException("other must be a surface on the same grid (" + x + " by " + y + ")");
        }
        double worst = 0;
        for (int k = 0; k < values.length; k++) {
            double d = Math.abs(values[k] - other.values[k]) / Math.abs(other.values[k]);
            if (Double.isNaN(d)) {
                return Double.NaN;
            }
            worst = Math.max(worst, d);
        }
        return worst;
    }

    /**
     * The value at coordinates (x, y): the grid's own value where (x, y) is a grid point (see
     * {@link Axis#through}), else bilinear interpolation between the four surrounding points.
     */
    public double valueAt(double xv, double yv) {
        if (!(xv >= x.min() && xv <= x.max() && yv >= y.min() && yv <= y.max())) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "(%g, %g) is outside the grid [%g, %g] x [%g, %g]",
                    xv, yv, x.min(), x.max(), y.min(), y.max()));
        }
        int i = x.index(xv), j = y.index(yv);
        if (i >= 0 && j >= 0) {
            return value(i, j);
        }
        double fx = (xv - x.min()) / (x.max() - x.min()) * (x.points() - 1);
        double fy = (yv - y.min()) / (y.max() - y.min()) * (y.points() - 1);
        int i0 = Math.min((int) fx, x.points() - 2), j0 = Math.min((int) fy, y.points() - 2);
        double u = fx - i0, w = fy - j0;
        return (1 - u) * (1 - w) * value(i0, j0) + u * (1 - w) * value(i0 + 1, j0)
                + (1 - u) * w * value(i0, j0 + 1) + u * w * value(i0 + 1, j0 + 1);
    }

    /**
     * Grid points no higher than any of their (up to 8) neighbours and lower than at least one, i.e. the bottoms of
     * the surface's basins as the grid resolves them, lowest first. A flat plateau counts once per point.
     */
    public List<Point> localMinima() {
        return extrema(-1, false);
    }

    /** Grid points strictly higher than all their (up to 8) neighbours, highest first. */
    public List<Point> strictLocalMaxima() {
        return extrema(1, false);
    }

    /**
     * The strict local maxima away from the border: points with all 8 neighbours computed and lower, highest first.
     * A border point is higher than its 3 or 5 neighbours whenever the surface rises outwards (a bowl's corners), which
     * says nothing about a maximum of the function.
     */
    public List<Point> interiorStrictLocalMaxima() {
        return extrema(1, true);
    }

    /**
     * The lowest height c such that the grid points (ax, ay) and (bx, by) are joined by a path of neighbouring grid
     * points (8 neighbours) whose values all stay <= c: the height of the lowest pass between them, i.e. the level
     * at which their sub-level set components merge (Definition 12.3). Points not computed block paths.
     */
    public double passHeight(double ax, double ay, double bx, double by) {
        int nx = x.points(), ny = y.points();
        int from = index(ax, ay), to = index(bx, by);
        double[] best = new double[values.length];
        java.util.Arrays.fill(best, Double.POSITIVE_INFINITY);
        java.util.PriorityQueue<double[]> queue = new java.util.PriorityQueue<>((p, q) -> Double.compare(p[0], q[0]));
        best[from] = values[from];
        queue.add(new double[]{values[from], from});
        while (!queue.isEmpty()) {
            double[] top = queue.poll();
            int k = (int) top[1];
            if (top[0] > best[k]) {
                continue;
            }
            if (k == to) {
                return top[0];
            }
            int i = k % nx, j = k / nx;
            for (int b = Math.max(0, j - 1); b <= Math.min(ny - 1, j + 1); b++) {
                for (int a = Math.max(0, i - 1); a <= Math.min(nx - 1, i + 1); a++) {
                    int n = b * nx + a;
                    if (Double.isNaN(values[n])) {
                        continue;
                    }
                    double height = Math.max(top[0], values[n]);
                    if (height < best[n]) {
                        best[n] = height;
                        queue.add(new double[]{height, n});
                    }
                }
            }
        }
        return Double.POSITIVE_INFINITY; // no path through computed points
    }

    private int index(double xv, double yv) {
        int i = x.index(xv), j = y.index(yv);
        if (i < 0 || j < 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "(%g, %g) is not a grid point: use a point of "
                    + "localMinima() or the axes' values", xv, yv));
        }
        return j * x.points() + i;
    }

    /**
     * sign -1: minima (no neighbour lower, one higher); sign +1: strict maxima (every neighbour lower); interior: only
     * points with all 8 neighbours computed.
     */
    private List<Point> extrema(int sign, boolean interior) {
        List<Point> found = new ArrayList<>();
        int nx = x.points(), ny = y.points();
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                double v = value(i, j);
                if (Double.isNaN(v)) {
                    continue;
                }
                int higher = 0, lower = 0, equal = 0;
                for (int b = Math.max(0, j - 1); b <= Math.min(ny - 1, j + 1); b++) {
                    for (int a = Math.max(0, i - 1); a <= Math.min(nx - 1, i + 1); a++) {
                        double c = value(a, b);
                        if ((a == i && b == j) || Double.isNaN(c)) {
                            continue;
                        }
                        if (c > v) {
                            higher++;
                        } else if (c < v) {
                            lower++;
                        } else {
                            equal++;
                        }
                    }
                }
                boolean extreme = sign < 0 ? lower == 0 && higher > 0 : higher == 0 && equal == 0 && lower > 0;
                extreme &= !interior || lower + higher + equal == 8;
                if (extreme) {
                    found.add(new Point(x.value(i), y.value(j), v));
                }
            }
        }
        found.sort((p, q) -> sign < 0 ? Double.compare(p.value(), q.value()) : Double.compare(q.value(), p.value()));
        return found;
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

    /**
     * The q-quantile (0..1) of the computed values ({@link Stats#quantile}: the library's one definition), e.g. to
     * clip a shared colour scale at the 90th percentile; NaN while nothing is computed.
     */
    public double quantile(double q) {
        double[] computed = java.util.Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
        return computed.length == 0 ? Double.NaN : Stats.quantile(computed, q);
    }

    /** One row per grid point, x fastest: x, y, value (empty where not computed or not finite). */
    @Override
    public Table table() {
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
     * Saves {@link #table()} with a column saying which points are computed, and the axes in its comment lines, so a
     * partly computed grid can be read back ({@link #read}) and finished by {@link #fill}. Written to a temporary file
     * that then replaces {@code file} in one rename: a kill during the save leaves the previous file intact. The
     * plane the grid was cut from (its direction vectors) is not saved: a surface read back has {@code plane() == null}.
     */
    @Override
    public void write(Path file) {
        java.util.Map<String, String> meta = ResultFile.meta("quantity", quantity);
        x.describeIn(meta, "x");
        y.describeIn(meta, "y");
        int nx = x.points();
        // streamed row by row: a grid the library accepts (up to half the heap) can always be saved
        ResultFile.write(file, "Surface", meta, new String[]{x.name(), y.name(), quantity, "computed"}, values.length,
                k -> new String[]{ResultFile.cell(x.value((int) (k % nx))), ResultFile.cell(y.value((int) (k / nx))),
                        ResultFile.cell(values[(int) k]), Boolean.toString(computed.get((int) k))});
    }

    /**
     * The grid saved by {@link #write}, with the same values and the same points still to compute. A point whose
     * x, y are not its place in the grid (rows reordered), a cell that is not a number, a missing column or a
     * truncated file is refused with the file, line and column.
     */
    public static Surface read(Path file) {
        Surface[] made = new Surface[1];
        long[] seen = {0};
        ResultFile head = ResultFile.read(file, "Surface", f -> {
            Axis ax, ay;
            try {
                ax = Axis.read(f, "x");
                ay = Axis.read(f, "y");
            } catch (IllegalArgumentException e) {
                throw e.getMessage().startsWith(f.file().toString()) ? e : f.badMeta("x.points", e.getMessage());
            }
            Surface s = new Surface(f.meta("quantity"), ax, ay); // a grid too large for the heap is refused as such
            f.expectColumns(s.x.name(), s.y.name(), s.quantity, "computed");
            made[0] = s;
            int nx = s.x.points();
            return (k, cells) -> {
                if (k >= s.values.length) {
                    throw f.badMeta("y.points", "the " + s.x.points() + " x " + s.y.points() + " grid has "
                            + s.values.length + " points but the table has more rows");
                }
                double xv = f.number(k, cells, 0), yv = f.number(k, cells, 1);
                double gx = s.x.value((int) (k % nx)), gy = s.y.value((int) (k / nx));
                if (xv != gx || yv != gy) {
                    throw f.badCell(k, xv != gx ? s.x.name() : s.y.name(), "point (" + xv + ", " + yv
                            + ") is not grid point (" + gx + ", " + gy + ") expected there (rows reordered?)");
                }
                s.values[(int) k] = f.number(k, cells, 2);
                if (f.bool(k, cells, 3)) {
                    s.computed.set((int) k);
                }
                seen[0]++;
            };
        });
        Surface s = made[0];
        if (seen[0] != s.values.length) {
            throw head.badMeta("y.points", "the " + s.x.points() + " x " + s.y.points() + " grid has " + s.values.length
                    + " points but the table " + seen[0] + " rows");
        }
        return s;
    }

    @Override
    public org.landscape.plot.Figure figure() {
        return Plots.heatmap(this);
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
        return figure().toMimeBundle().withText(summary());
    }

    @Override
    public String toString() {
        return summary();
    }
}
