package org.landscape.spinglass;

import java.nio.DoubleBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.Pointer;
import org.landscape.display.Displayable;
import org.landscape.display.MimeBundle;
import org.landscape.display.Progress;
import org.landscape.hessian.DenseEigen;
import org.landscape.hessian.DenseMatrix;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The spherical H-spin glass of the COLT open problem (seed 001, Section 2 and Appendix B): the energy
 * <pre>
 *   L(w) = Lambda^(-(H-1)/2) * sum_{i1..iH} X_{i1..iH} w_i1 w_i2 ... w_iH,     X iid N(0, 1),
 * </pre>
 * on the sphere (1/Lambda) sum_i w_i^2 = 1, i.e. |w|^2 = Lambda. The paper's claim is that a network's loss looks
 * like this function; this class lets us compute its energy, gradient, curvature and the index of critical points.
 *
 * <h2>Where the numbers come from</h2>
 * X is fixed by the seed: the slice X_{a,.,...,.} (first index a) is the stream of {@link SplittableRandom}
 * seeded from (seed, a), read in lexicographic order (last index fastest). {@link #couplingSlice(int)} returns it.
 *
 * <h2>How it is stored</h2>
 * Only the symmetric part of X matters, and the gradient is a linear combination of the monomials
 * w_a1...w_a(H-1) with a1 <= ... <= a(H-1). The class stores the coupling matrix B with one row per such monomial and
 * one column per coordinate (for H = 3: Lambda(Lambda+1)/2 rows instead of the Lambda^2 of the plain
 * Lambda x Lambda^2 matrix, half the memory and half the arithmetic), so that
 * <pre>  grad_i L(w) = Lambda^(-(H-1)/2) * sum_m B[m][i] * w^m.</pre>
 * The gradients of many points at once are then one matrix product (see {@link #gradients(double[][])}).
 * B lives off the Java heap, in ND4J arrays (blocks of at most 8 MB), where BLAS reads it. For H = 3 it takes
 * 4 Lambda^2 (Lambda+1) bytes: 501 MB at Lambda = 500, 4 GB at Lambda = 1000. A glass that would not fit in
 * the free off-heap memory is refused before anything is allocated. {@link #close()} frees it at once.
 */
public final class SphericalSpinGlass implements AutoCloseable, Displayable {
    /** H = 3, the order of the paper's figures. */
    public static final int DEFAULT_ORDER = 3;
    /** The paper sets eigenvalues smaller than this in magnitude to zero when it counts the index (footnote 3). */
    public static final double PAPER_ZERO_EIGENVALUE = 1e-3;
    /** Coupling rows are stored in blocks of at most this many bytes (one matrix product per block). */
    static final long BLOCK_BYTES = 8L << 20;
    /** Work space a descent needs besides the couplings (monomials of a batch of walkers, their gradients). */
    static final long WORK_BYTES = 40L << 20;
    /** Glasses with at least this many couplings show a progress bar while their couplings are drawn. */
    private static final double PROGRESS_COUPLINGS = 2e7;
    /** |w|^2 may differ from Lambda by this relative amount in the methods that need a point on the sphere. */
    static final double SPHERE_TOLERANCE = 1e-8;

    private final int lambda;
    private final int order;
    private final int degree; // H - 1, the degree of the gradient's monomials
    private final long seed;
    private final double scale; // Lambda^(-(H-1)/2)
    private final long rows;
    private final int blockRows;
    private final INDArray[] blocks;
    private final DoubleBuffer[] buffers;
    private final int[][] blockStarts; // the first monomial of each block
    private final long[][] binomials;
    private boolean closed;
    private Workspace shared; // reused by gradients(): allocating 20 MB of work space per call costs more than small products

    private SphericalSpinGlass(int lambda, int order, long seed, long blockBytes) {
        checkSize(lambda, order);
        this.lambda = lambda;
        this.order = order;
        this.degree = order - 1;
        this.seed = seed;
        this.scale = Math.pow(lambda, -(order - 1) / 2.0);
        this.rows = (long) Multisets.count(lambda, degree);
        this.blockRows = (int) Math.max(1, Math.min(rows, blockBytes / (8L * lambda)));
        this.binomials = Multisets.binomialTable(lambda + order + 1, degree);
        int blockCount = (int) ((rows + blockRows - 1) / blockRows);
        this.blocks = new INDArray[blockCount];
        this.buffers = new DoubleBuffer[blockCount];
        this.blockStarts = new int[blockCount][];
        try {
            for (int b = 0; b < blockCount; b++) {
                blocks[b] = Nd4j.create(DataType.DOUBLE, blockRowCount(b), lambda); // zeros
                buffers[b] = blocks[b].data().asNioDouble();
                blockStarts[b] = new int[Math.max(degree, 1)];
                Multisets.unrank((long) b * blockRows, degree, blockStarts[b], binomials);
            }
            if (order == 3) {
                fillCouplingsOrder3();
            } else {
                fillCouplingsGeneral();
            }
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** The spherical 3-spin glass of size {@code lambda}, couplings drawn from {@code seed}. */
    public static SphericalSpinGlass of(int lambda, long seed) {
        return new SphericalSpinGlass(lambda, DEFAULT_ORDER, seed, BLOCK_BYTES);
    }

    /** The spherical {@code order}-spin glass (H = order >= 2) of size {@code lambda}. */
    public static SphericalSpinGlass of(int lambda, int order, long seed) {
        return new SphericalSpinGlass(lambda, order, seed, BLOCK_BYTES);
    }

    /** Tests: coupling blocks of at most {@code blockBytes}, so that small glasses also have several blocks. */
    static SphericalSpinGlass of(int lambda, int order, long seed, long blockBytes) {
        return new SphericalSpinGlass(lambda, order, seed, blockBytes);
    }

    /** Bytes of off-heap memory the couplings of a glass of this size take (8 bytes per entry of B). */
    public static long couplingBytes(int lambda, int order) {
        if (lambda < 1 || order < 2) {
            throw new IllegalArgumentException("lambda must be >= 1 and order >= 2, got lambda " + lambda
                    + " and order " + order);
        }
        double bytes = 8.0 * Multisets.count(lambda, order - 1) * lambda;
        return bytes >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) bytes;
    }

    /** Off-heap memory ND4J may still allocate: its limit (maxbytes) and the physical limit, whichever is closer. */
    static long freeOffHeapBytes() {
        long free = Pointer.maxBytes() > 0 ? Pointer.maxBytes() - Pointer.totalBytes() : Long.MAX_VALUE;
        if (Pointer.maxPhysicalBytes() > 0) {
            free = Math.min(free, Pointer.maxPhysicalBytes() - Pointer.physicalBytes());
        }
        return Math.max(0, free);
    }

    private static void checkSize(int lambda, int order) {
        if (order < 2) {
            throw new IllegalArgumentException("order must be >= 2 (H = 2 is the spherical Sherrington-Kirkpatrick "
                    + "model, H = 3 the paper's), got " + order);
        }
        if (lambda < 2) {
            throw new IllegalArgumentException("lambda must be >= 2: the sphere |w|^2 = lambda needs at least two "
                    + "coordinates to have a tangent space, got " + lambda);
        }
        long need = couplingBytes(lambda, order);
        long work = WORK_BYTES;
        long free = freeOffHeapBytes();
        String shape = String.format(Locale.ROOT, "%,.0f x %d doubles", Multisets.count(lambda, order - 1), lambda);
        if (need == Long.MAX_VALUE || need > free - work || need / 8 / lambda > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "a spherical %d-spin glass with lambda = %d needs %,.0f MB of off-heap memory for its couplings "
                            + "(%s: the symmetric part of the lambda x lambda^%d coupling matrix) plus %.0f MB of work "
                            + "space, but only %,.0f MB is free: use a smaller lambda, or start the JVM with a larger "
                            + "-Dorg.bytedeco.javacpp.maxbytes (and maxphysicalbytes)",
                    order, lambda, need / 1e6, shape, order - 1, work / 1e6, free / 1e6));
        }
        long slab = 8L * Math.min(8, lambda) * (long) Math.pow(lambda, order - 1);
        Runtime rt = Runtime.getRuntime();
        long freeHeap = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (slab > freeHeap / 2) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "drawing the couplings of a %d-spin glass with lambda = %d needs %,.0f MB of Java heap at a time "
                            + "but only %,.0f MB is free: use a smaller lambda or start the JVM with a larger -Xmx",
                    order, lambda, slab / 1e6, freeHeap / 1e6));
        }
    }

    // ---------------------------------------------------------------- couplings

    /**
     * The couplings X_{a, i2, ..., iH} with first index {@code a}: Lambda^(H-1) standard normal numbers, in
     * lexicographic order of (i2, ..., iH) (last index fastest). Recomputed from the seed at each call.
     */
    public double[] couplingSlice(int a) {
        if (a < 0 || a >= lambda) {
            throw new IllegalArgumentException("a must be in [0, " + lambda + "), got " + a);
        }
        double[] x = new double[(int) Math.pow(lambda, degree)];
        fillSlice(a, x);
        return x;
    }

    private void fillSlice(int a, double[] x) {
        SplittableRandom random = new SplittableRandom(Seeds.derive(seed, 1, a));
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian();
        }
    }

    private Progress couplingProgress() {
        return Math.pow(lambda, order) >= PROGRESS_COUPLINGS
                ? Progress.start(String.format(Locale.ROOT, "couplings of the %d-spin glass, lambda=%d", order, lambda), lambda)
                : null;
    }

    /**
     * H = 3: B[{b,c}][a] collects every X whose indices are a, b and c in some order with a in a given position.
     * Slices are drawn eight at a time so that every write touches whole cache lines or whole rows of B.
     */
    private void fillCouplingsOrder3() {
        int n = lambda;
        int slabSize = Math.min(8, n);
        double[][] slab = new double[slabSize][n * n];
        double[] row = new double[n];
        Progress progress = couplingProgress();
        try {
            for (int a0 = 0; a0 < n; a0 += slabSize) {
                int s = Math.min(slabSize, n - a0);
                for (int q = 0; q < s; q++) {
                    fillSlice(a0 + q, slab[q]);
                }
                // i = a in the first position: row {x, y} gets X[a][x][y] + X[a][y][x] (once if x == y).
                long m = 0;
                for (int y = 0; y < n; y++) {
                    for (int x = 0; x <= y; x++, m++) {
                        DoubleBuffer buffer = buffers[(int) (m / blockRows)];
                        int base = (int) (m % blockRows) * n + a0;
                        for (int q = 0; q < s; q++) {
                            double[] xa = slab[q];
                            double v = x == y ? xa[x * n + x] : xa[x * n + y] + xa[y * n + x];
                            buffer.put(base + q, buffer.get(base + q) + v);
                        }
                    }
                }
                // i in the second or third position: row {a, t} gets X[a][.][t] + X[a][t][.] at columns ".".
                for (int q = 0; q < s; q++) {
                    int a = a0 + q;
                    double[] xa = slab[q];
                    for (int t = 0; t < n; t++) {
                        long r = a <= t ? a + (long) t * (t + 1) / 2 : t + (long) a * (a + 1) / 2;
                        DoubleBuffer buffer = buffers[(int) (r / blockRows)];
                        int base = (int) (r % blockRows) * n;
                        buffer.get(base, row, 0, n);
                        int rowT = t * n;
                        for (int i = 0; i < n; i++) {
                            row[i] += xa[i * n + t] + xa[rowT + i];
                        }
                        buffer.put(base, row, 0, n);
                    }
                    if (progress != null) {
                        progress.step();
                    }
                }
            }
        } finally {
            if (progress != null) {
                progress.close();
            }
        }
    }

    /** Any H: every coupling X_t is added, for each position p, to row (t without t_p) at column t_p. */
    private void fillCouplingsGeneral() {
        int n = lambda;
        double[] slice = new double[(int) Math.pow(n, degree)];
        int[] tuple = new int[order];
        int[] rest = new int[Math.max(degree, 1)];
        Progress progress = couplingProgress();
        try {
            for (int a = 0; a < n; a++) {
                fillSlice(a, slice);
                Arrays.fill(tuple, 0);
                tuple[0] = a;
                for (int k = 0; k < slice.length; k++) {
                    // tuple[1..] holds the digits of k in base n (last fastest)
                    int code = k;
                    for (int p = order - 1; p >= 1; p--) {
                        tuple[p] = code % n;
                        code /= n;
                    }
                    double x = slice[k];
                    for (int p = 0; p < order; p++) {
                        int len = 0;
                        for (int q = 0; q < order; q++) {
                            if (q != p) {
                                rest[len++] = tuple[q];
                            }
                        }
                        Arrays.sort(rest, 0, len);
                        long r = Multisets.rank(rest, degree, binomials);
                        DoubleBuffer buffer = buffers[(int) (r / blockRows)];
                        int at = (int) (r % blockRows) * n + tuple[p];
                        buffer.put(at, buffer.get(at) + x);
                    }
                }
                if (progress != null) {
                    progress.step();
                }
            }
        } finally {
            if (progress != null) {
                progress.close();
            }
        }
    }

    // ---------------------------------------------------------------- sizes

    /** Lambda, the number of coordinates. */
    public int size() {
        return lambda;
    }

    /** H, the degree of the energy. */
    public int order() {
        return order;
    }

    public long seed() {
        return seed;
    }

    /** Lambda^(-(H-1)/2), the factor in front of the sum. */
    public double normalisation() {
        return scale;
    }

    /** Rows of the stored coupling matrix: the monomials of degree H - 1, C(Lambda + H - 2, H - 1). */
    public long couplingRows() {
        return rows;
    }

    /** Bytes the couplings take off the heap. */
    public long couplingBytes() {
        return rows * lambda * 8L;
    }

    /** Floating-point operations of one gradient of one point: 2 per entry of the coupling matrix. */
    public double flopsPerGradient() {
        return 2.0 * rows * lambda;
    }

    int blockCount() {
        return blocks.length;
    }

    int blockRows() {
        return blockRows;
    }

    int blockRowCount(int b) {
        return (int) Math.min(blockRows, rows - (long) b * blockRows);
    }

    // ---------------------------------------------------------------- points

    /** A point drawn uniformly on the sphere |w|^2 = Lambda, fixed by {@code pointSeed}. */
    public double[] randomPoint(long pointSeed) {
        return Descent.uniformOnSphere(lambda, new SplittableRandom(Seeds.derive(pointSeed, 4)));
    }

    /** {@code w} scaled onto the sphere |w|^2 = Lambda (a new array). */
    public double[] onSphere(double[] w) {
        checkPoint("w", w);
        double norm = Math.sqrt(dot(w, w));
        if (norm == 0) {
            throw new IllegalArgumentException("w is the zero vector, which has no direction to scale onto the sphere");
        }
        double[] out = w.clone();
        double f = Math.sqrt(lambda) / norm;
        for (int i = 0; i < out.length; i++) {
            out[i] *= f;
        }
        return out;
    }

    void checkPoint(String name, double[] w) {
        checkOpen();
        if (w == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (w.length != lambda) {
            throw new IllegalArgumentException(name + " has " + w.length + " coordinates but the glass has lambda = "
                    + lambda);
        }
        for (int i = 0; i < w.length; i++) {
            if (!Double.isFinite(w[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] is " + w[i] + ": coordinates must be finite");
            }
        }
    }

    private void checkOnSphere(String name, double[] w) {
        checkPoint(name, w);
        double r2 = dot(w, w);
        if (Math.abs(r2 - lambda) > SPHERE_TOLERANCE * lambda) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s must lie on the sphere |w|^2 = lambda = %d, but |w|^2 = %.10g: pass glass.onSphere(%s)",
                    name, lambda, r2, name));
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this spin glass was closed and its couplings freed: create it again "
                    + "with SphericalSpinGlass.of(" + lambda + ", " + order + ", " + seed + ")");
        }
    }

    // ---------------------------------------------------------------- energy and gradient

    /** L(w), for any w (the formula is a polynomial; on the sphere it is the paper's energy). */
    public double energy(double[] w) {
        checkPoint("w", w);
        return dot(w, gradient(w)) / order; // Euler: w . grad L = H L for a homogeneous polynomial of degree H
    }

    /**
     * The Euclidean gradient of L at w. One point is done by a plain loop over the coupling rows (a matrix product
     * for one point costs more to set up than to compute); many points at once by {@link #gradients(double[][])}.
     */
    public double[] gradient(double[] w) {
        checkPoint("w", w);
        int n = lambda;
        double[] g = new double[n];
        double[] row = new double[n];
        double[] mono = new double[blockRows];
        int[] m = new int[Math.max(degree, 1)];
        for (int b = 0; b < blocks.length; b++) {
            int count = blockRowCount(b);
            fillMonomials(w, blockStarts[b], count, mono, m);
            DoubleBuffer buffer = buffers[b];
            for (int r = 0; r < count; r++) {
                double f = mono[r];
                if (f != 0) {
                    buffer.get(r * n, row, 0, n);
                    for (int i = 0; i < n; i++) {
                        g[i] += f * row[i];
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) {
            g[i] *= scale;
        }
        return g;
    }

    /** The Euclidean gradients of many points, all at once: one matrix product per coupling block. */
    public double[][] gradients(double[][] points) {
        if (points == null || points.length == 0) {
            throw new IllegalArgumentException("points must hold at least one point");
        }
        for (int k = 0; k < points.length; k++) {
            checkPoint("points[" + k + "]", points[k]);
        }
        double[][] out = new double[points.length][lambda];
        Workspace ws = sharedWorkspace();
        for (int start = 0; start < points.length; start += ws.capacity) {
            int n = Math.min(ws.capacity, points.length - start);
            ws.gradients(points, start, n, out);
        }
        return out;
    }

    /** The energies of many points, batched like {@link #gradients(double[][])}. */
    public double[] energies(double[][] points) {
        double[][] g = gradients(points);
        double[] e = new double[points.length];
        for (int k = 0; k < e.length; k++) {
            e[k] = dot(points[k], g[k]) / order;
        }
        return e;
    }

    /**
     * The Riemannian gradient on the sphere: the Euclidean gradient minus its radial part,
     * g - (w.g / Lambda) w. It is zero exactly at the critical points of L restricted to the sphere.
     */
    public double[] riemannianGradient(double[] w) {
        checkOnSphere("w", w);
        double[] g = gradient(w);
        double radial = dot(w, g) / lambda;
        for (int i = 0; i < g.length; i++) {
            g[i] -= radial * w[i];
        }
        return g;
    }

    /** How many walkers a batch may hold so that their monomials take at most {@link #WORK_BYTES} / 2. */
    int batchCapacity() {
        return (int) Math.max(1, Math.min(100_000, (WORK_BYTES / 2) / (8L * blockRows)));
    }

    /** The glass's own work space for {@link #batchCapacity()} points, made on first use, freed by {@link #close()}. */
    Workspace sharedWorkspace() {
        checkOpen();
        if (shared == null) {
            shared = new Workspace(batchCapacity());
        }
        return shared;
    }

    /**
     * Off-heap arrays for the gradients of a batch of up to {@code capacity} points: their monomials for one
     * coupling block (capacity x block rows) and their gradients (capacity x Lambda).
     */
    final class Workspace implements AutoCloseable {
        final int capacity;
        private final INDArray monomials;
        private final INDArray lastMonomials; // the last block can be shorter
        private final DoubleBuffer monomialBuffer;
        private final DoubleBuffer lastMonomialBuffer;
        private final INDArray result;
        private final DoubleBuffer resultBuffer;
        private final double[] scratch;
        private final int[] multiset = new int[Math.max(degree, 1)];

        Workspace(int capacity) {
            this.capacity = capacity;
            int last = blockRowCount(blocks.length - 1);
            this.monomials = Nd4j.create(DataType.DOUBLE, capacity, blockRows);
            this.monomialBuffer = monomials.data().asNioDouble();
            if (last != blockRows) {
                lastMonomials = Nd4j.create(DataType.DOUBLE, capacity, last);
                lastMonomialBuffer = lastMonomials.data().asNioDouble();
            } else {
                lastMonomials = monomials;
                lastMonomialBuffer = monomialBuffer;
            }
            this.result = Nd4j.create(DataType.DOUBLE, capacity, lambda);
            this.resultBuffer = result.data().asNioDouble();
            this.scratch = new double[Math.max(blockRows, lambda)];
        }

        /** Gradients of points[start .. start+n) into out[start .. start+n). */
        void gradients(double[][] points, int start, int n, double[][] out) {
            compute(points, start, n);
            for (int k = 0; k < n; k++) {
                resultBuffer.get(k * lambda, out[start + k], 0, lambda);
            }
        }

        private void compute(double[][] points, int start, int n) {
            if (n > capacity) {
                throw new IllegalArgumentException("a batch of " + n + " points exceeds the work space's " + capacity);
            }
            checkOpen();
            INDArray g = n == capacity ? result : result.get(
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(0, n), org.nd4j.linalg.indexing.NDArrayIndex.all());
            for (int b = 0; b < blocks.length; b++) {
                int count = blockRowCount(b);
                boolean last = count != blockRows;
                INDArray mono = last ? lastMonomials : monomials;
                DoubleBuffer buffer = last ? lastMonomialBuffer : monomialBuffer;
                for (int k = 0; k < n; k++) {
                    fillMonomials(points[start + k], blockStarts[b], count, scratch, multiset);
                    buffer.put(k * count, scratch, 0, count);
                }
                INDArray m = n == capacity ? mono : mono.get(
                        org.nd4j.linalg.indexing.NDArrayIndex.interval(0, n), org.nd4j.linalg.indexing.NDArrayIndex.all());
                Nd4j.gemm(m, blocks[b], g, false, false, scale, b == 0 ? 0.0 : 1.0);
            }
        }

        @Override
        public void close() {
            monomials.close();
            if (lastMonomials != monomials) {
                lastMonomials.close();
            }
            result.close();
        }
    }

    /** out[0..count) = the monomials w^m for the {@code count} multisets from {@code first} on. */
    void fillMonomials(double[] w, int[] first, int count, double[] out, int[] m) {
        if (degree == 1) {
            System.arraycopy(w, first[0], out, 0, count);
            return;
        }
        if (degree == 2) {
            int x = first[0], y = first[1], i = 0;
            while (i < count) {
                double wy = w[y];
                int end = Math.min(count - i, y - x + 1);
                for (int j = 0; j < end; j++) {
                    out[i + j] = w[x + j] * wy;
                }
                i += end;
                x = 0;
                y++;
            }
            return;
        }
        System.arraycopy(first, 0, m, 0, degree);
        for (int i = 0; i < count; i++) {
            double p = 1;
            for (int l = 0; l < degree; l++) {
                p *= w[m[l]];
            }
            out[i] = p;
            Multisets.next(m, degree, lambda);
        }
    }

    // ---------------------------------------------------------------- curvature

    /** The Euclidean Hessian of L at w (Lambda x Lambda). */
    public double[][] hessian(double[] w) {
        checkPoint("w", w);
        int n = lambda;
        double[][] h = new double[n][n];
        double[] row = new double[n];
        int[] m = new int[degree];
        for (int b = 0; b < blocks.length; b++) {
            int count = blockRowCount(b);
            System.arraycopy(blockStarts[b], 0, m, 0, degree);
            for (int r = 0; r < count; r++) {
                buffers[b].get(r * n, row, 0, n);
                // d/dw_j of w^m = (multiplicity of j in m) * w^(m without one j); add c * that * B[m][.] to column j.
                for (int l = 0; l < degree; l++) {
                    if (l > 0 && m[l] == m[l - 1]) {
                        continue; // each distinct index once
                    }
                    int j = m[l];
                    int multiplicity = 0;
                    double rest = 1;
                    boolean skipped = false;
                    for (int q = 0; q < degree; q++) {
                        if (m[q] == j) {
                            multiplicity++;
                            if (!skipped) {
                                skipped = true;
                                continue;
                            }
                        }
                        rest *= w[m[q]];
                    }
                    double f = scale * multiplicity * rest;
                    if (f != 0) {
                        double[] hj = h[j];
                        for (int i = 0; i < n; i++) {
                            hj[i] += f * row[i];
                        }
                    }
                }
                Multisets.next(m, degree, lambda);
            }
        }
        for (int i = 0; i < n; i++) { // symmetric in exact arithmetic; make it so in floating point
            for (int j = 0; j < i; j++) {
                double s = 0.5 * (h[i][j] + h[j][i]);
                h[i][j] = s;
                h[j][i] = s;
            }
        }
        return h;
    }

    /**
     * The Riemannian Hessian on the sphere as a Lambda x Lambda matrix acting on tangent vectors v (v . w = 0):
     * <pre>  Hess_S L(w) = P (Hess L(w)) P - (w . grad L(w) / Lambda) P,     P = I - w w^T / Lambda.</pre>
     * The second term is the sphere's curvature: along a great circle through w with velocity v the path bends
     * back towards the centre with acceleration -|v|^2 w / Lambda, which adds grad L . (that) to the second
     * derivative. For every tangent v, v^T Hess_S v is d^2/dt^2 L(geodesic(t)) at t = 0. The matrix maps w to 0.
     */
    public double[][] riemannianHessian(double[] w) {
        checkOnSphere("w", w);
        int n = lambda;
        double[][] h = hessian(w);
        double radial = dot(w, gradient(w)) / n;
        double[] hw = new double[n];
        for (int i = 0; i < n; i++) {
            hw[i] = dot(h[i], w);
        }
        double whw = dot(w, hw);
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                // P H P = H - w (Hw)^T/n - (Hw) w^T/n + (w^T H w) w w^T / n^2
                double php = h[i][j] - (w[i] * hw[j] + hw[i] * w[j]) / n + whw * w[i] * w[j] / ((double) n * n);
                double p = (i == j ? 1.0 : 0.0) - w[i] * w[j] / n;
                out[i][j] = php - radial * p;
            }
        }
        return out;
    }

    /**
     * The Riemannian Hessian in an orthonormal basis of the tangent space at w: a (Lambda - 1) x (Lambda - 1)
     * symmetric matrix. The basis is the Householder reflection that maps w / |w| to a coordinate axis, without
     * that axis.
     */
    public double[][] tangentHessian(double[] w) {
        checkOnSphere("w", w);
        int n = lambda;
        double[][] h = hessian(w);
        double radial = dot(w, gradient(w)) / n;
        Householder q = new Householder(w);
        q.conjugate(h);
        double[][] t = new double[n - 1][n - 1];
        for (int i = 0; i < n - 1; i++) {
            for (int j = 0; j < n - 1; j++) {
                t[i][j] = h[i][j];
            }
            t[i][i] -= radial;
        }
        return t;
    }

    /** The Lambda - 1 eigenvalues of the Riemannian Hessian on the tangent space, ascending (LAPACK, DenseEigen). */
    public double[] hessianEigenvalues(double[] w) {
        return DenseEigen.all(DenseMatrix.of(tangentHessian(w)).symmetrized(), false).eigenvalues();
    }

    /** The index with the paper's convention: eigenvalues below {@link #PAPER_ZERO_EIGENVALUE} in magnitude are 0. */
    public int index(double[] w) {
        return index(w, PAPER_ZERO_EIGENVALUE);
    }

    /** The number of eigenvalues of the Riemannian Hessian below {@code -zeroTolerance}. */
    public int index(double[] w, double zeroTolerance) {
        if (!(zeroTolerance >= 0)) {
            throw new IllegalArgumentException("zeroTolerance must be >= 0, got " + zeroTolerance);
        }
        return countBelow(hessianEigenvalues(w), -zeroTolerance);
    }

    static int countBelow(double[] sorted, double level) {
        int k = 0;
        while (k < sorted.length && sorted[k] < level) {
            k++;
        }
        return k;
    }

    // ---------------------------------------------------------------- display

    @Override
    public String summary() {
        return String.format(Locale.ROOT, "spherical %d-spin glass, lambda = %d, seed %d: couplings %,d x %d doubles = %s off-heap%s",
                order, lambda, seed, rows, lambda, megabytes(couplingBytes()), closed ? " (closed)" : "");
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    @Override
    public MimeBundle toMimeBundle() {
        return MimeBundle.text(summary());
    }

    @Override
    public String toString() {
        return summary();
    }

    /** Frees the couplings now rather than when the garbage collector gets to them. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (shared != null) {
                shared.close();
                shared = null;
            }
            for (INDArray block : blocks) {
                if (block != null) {
                    block.close();
                }
            }
            Arrays.fill(buffers, null);
        }
    }

    public boolean isClosed() {
        return closed;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
