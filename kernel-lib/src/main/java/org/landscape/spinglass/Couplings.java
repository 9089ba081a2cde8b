package org.landscape.spinglass;

import java.nio.DoubleBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.bytedeco.javacpp.Pointer;
import org.landscape.display.Progress;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The couplings X of a spherical H-spin glass, stored as the matrix B of their symmetric part (one row per monomial
 * w_a1...w_a(H-1) with a1 <= ... <= a(H-1), one column per coordinate), and the two products the model needs:
 * grad_i L(w) = scale * sum_m B[m][i] w^m and the Euclidean Hessian. B lives off the Java heap in ND4J blocks of at
 * most {@link #BLOCK_BYTES}, where BLAS reads it.
 *
 * <p><b>Threads.</b> The couplings are read-only after construction. Batched gradients need off-heap work space
 * (monomials and results of a batch, tens of MB); each call takes a {@link Workspace} from a pool and returns it, so
 * two threads never share one, and a thread that comes back reuses one instead of allocating it again. A read-write
 * lock keeps {@link #close()} from freeing the couplings under a running product.
 */
final class Couplings implements AutoCloseable {
    /** Coupling rows are stored in blocks of at most this many bytes (one matrix product per block). */
    static final long BLOCK_BYTES = 8L << 20;
    /** Work space one batch of walkers needs besides the couplings (their monomials and gradients). */
    static final long WORK_BYTES = 40L << 20;
    /** Glasses with at least this many couplings show a progress bar while their couplings are drawn. */
    private static final double PROGRESS_COUPLINGS = 2e7;

    final int lambda;
    final int order;
    final int degree; // H - 1, the degree of the gradient's monomials
    final long seed;
    final double scale; // Lambda^(-(H-1)/2)
    final long rows;
    final int blockRows;
    private final INDArray[] blocks;
    private final DoubleBuffer[] buffers;
    private final int[][] blockStarts; // the first monomial of each block
    private final long[][] binomials;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final ConcurrentLinkedDeque<Workspace> idle = new ConcurrentLinkedDeque<>();
    private final List<Workspace> made = new ArrayList<>();
    private volatile boolean closed;

    Couplings(int lambda, int order, long seed, long blockBytes) {
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
                fillOrder3();
            } else {
                fillGeneral();
            }
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** Bytes of off-heap memory the couplings of a glass of this size take (8 bytes per entry of B). */
    static long bytes(int lambda, int order) {
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

    static void checkSize(int lambda, int order) {
        if (order < 2) {
            throw new IllegalArgumentException("order must be >= 2 (H = 2 is the spherical Sherrington-Kirkpatrick "
                    + "model, H = 3 the paper's), got " + order);
        }
        if (lambda < 2) {
            throw new IllegalArgumentException("lambda must be >= 2: the sphere |w|^2 = lambda needs at least two "
                    + "coordinates to have a tangent space, got " + lambda);
        }
        long need = bytes(lambda, order);
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

    // ---------------------------------------------------------------- drawing the couplings

    /** The slice X_{a, ., ..., .}: the stream seeded from (seed, a), last index fastest. */
    void fillSlice(int a, double[] x) {
        SplittableRandom random = new SplittableRandom(Seeds.derive(seed, 1, a));
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian();
        }
    }

    private Progress progress() {
        return Math.pow(lambda, order) >= PROGRESS_COUPLINGS
                ? Progress.start(String.format(Locale.ROOT, "couplings of the %d-spin glass, lambda=%d", order, lambda), lambda)
                : null;
    }

    /**
     * H = 3: B[{b,c}][a] collects every X whose indices are a, b and c in some order with a in a given position.
     * Slices are drawn eight at a time so that every write touches whole cache lines or whole rows of B.
     */
    private void fillOrder3() {
        int n = lambda;
        int slabSize = Math.min(8, n);
        double[][] slab = new double[slabSize][n * n];
        double[] row = new double[n];
        Progress progress = progress();
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
    private void fillGeneral() {
        int n = lambda;
        double[] slice = new double[(int) Math.pow(n, degree)];
        int[] tuple = new int[order];
        int[] rest = new int[Math.max(degree, 1)];
        Progress progress = progress();
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

    int blockCount() {
        return blocks.length;
    }

    int blockRowCount(int b) {
        return (int) Math.min(blockRows, rows - (long) b * blockRows);
    }

    // ---------------------------------------------------------------- products

    /** The Euclidean gradient of one point, by a plain loop over the rows (a GEMM for one point costs more to set up). */
    double[] gradient(double[] w) {
        int n = lambda;
        double[] g = new double[n];
        double[] row = new double[n];
        double[] mono = new double[blockRows];
        int[] m = new int[Math.max(degree, 1)];
        lock.readLock().lock();
        try {
            checkOpen();
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
        } finally {
            lock.readLock().unlock();
        }
        for (int i = 0; i < n; i++) {
            g[i] *= scale;
        }
        return g;
    }

    /** The Euclidean Hessian of L at w (Lambda x Lambda, symmetrised). */
    double[][] hessian(double[] w) {
        int n = lambda;
        double[][] h = new double[n][n];
        double[] row = new double[n];
        int[] m = new int[degree];
        lock.readLock().lock();
        try {
            checkOpen();
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
        } finally {
            lock.readLock().unlock();
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

    /** How many points a batch may hold so that their monomials take at most {@link #WORK_BYTES} / 2. */
    int batchCapacity() {
        return (int) Math.max(1, Math.min(100_000, (WORK_BYTES / 2) / (8L * blockRows)));
    }

    /** A work space of {@link #batchCapacity()} points for this thread alone; give it back with {@link #release}. */
    Workspace acquire() {
        checkOpen();
        Workspace ws = idle.pollFirst();
        if (ws == null) {
            ws = new Workspace(batchCapacity());
            synchronized (made) {
                made.add(ws);
            }
        }
        return ws;
    }

    void release(Workspace ws) {
        synchronized (made) { // close() frees what is idle under the same monitor
            if (closed) {
                ws.free();
            } else {
                idle.addFirst(ws);
            }
        }
    }

    /**
     * Off-heap arrays for the gradients of a batch of up to {@code capacity} points: their monomials for one
     * coupling block (capacity x block rows) and their gradients (capacity x Lambda). One thread at a time.
     */
    final class Workspace {
        final int capacity;
        private final INDArray monomials;
        private final INDArray lastMonomials; // the last block can be shorter
        private final DoubleBuffer monomialBuffer;
        private final DoubleBuffer lastMonomialBuffer;
        private final INDArray result;
        private final DoubleBuffer resultBuffer;
        private final double[] scratch;
        private final int[] multiset = new int[Math.max(degree, 1)];
        private boolean freed;

        private Workspace(int capacity) {
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
            if (n > capacity) {
                throw new IllegalArgumentException("a batch of " + n + " points exceeds the work space's " + capacity);
            }
            lock.readLock().lock();
            try {
                checkOpen();
                INDArray g = n == capacity ? result : result.get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
                for (int b = 0; b < blocks.length; b++) {
                    int count = blockRowCount(b);
                    boolean last = count != blockRows;
                    INDArray mono = last ? lastMonomials : monomials;
                    DoubleBuffer buffer = last ? lastMonomialBuffer : monomialBuffer;
                    for (int k = 0; k < n; k++) {
                        fillMonomials(points[start + k], blockStarts[b], count, scratch, multiset);
                        buffer.put(k * count, scratch, 0, count);
                    }
                    INDArray m = n == capacity ? mono : mono.get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
                    Nd4j.gemm(m, blocks[b], g, false, false, scale, b == 0 ? 0.0 : 1.0);
                }
                for (int k = 0; k < n; k++) {
                    resultBuffer.get(k * lambda, out[start + k], 0, lambda);
                }
            } finally {
                lock.readLock().unlock();
            }
        }

        private void free() {
            if (!freed) {
                freed = true;
                monomials.close();
                if (lastMonomials != monomials) {
                    lastMonomials.close();
                }
                result.close();
            }
        }
    }

    /** out[0..count) = the monomials w^m for the {@code count} multisets from {@code first} on. */
    private void fillMonomials(double[] w, int[] first, int count, double[] out, int[] m) {
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

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this spin glass was closed and its couplings freed: create it again "
                    + "with SphericalSpinGlass.of(" + lambda + ", " + order + ", " + seed + ")");
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** Frees the couplings and every work space; waits for products running in other threads to finish. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            synchronized (made) {
                for (Workspace ws : made) {
                    if (!idle.contains(ws)) {
                        continue; // in use: freed by release()
                    }
                    ws.free();
                }
                made.clear();
            }
            idle.clear();
            for (INDArray block : blocks) {
                if (block != null) {
                    block.close();
                }
            }
            Arrays.fill(buffers, null);
        } finally {
            lock.writeLock().unlock();
        }
    }
}
