package org.landscape.model.internal;

/**
 * The inner loops of the library's fast paths (plane slices, batched gradients): matrix products on blocks of
 * examples stored unit by unit ("row u of a block" = unit u's values for consecutive examples), and tanh.
 *
 * <p>When the JVM was started with {@code --add-modules jdk.incubator.vector} (the kernel specs, tests and benchmarks
 * of this project do that) products use the Vector API with the outputs held in registers, about five times faster
 * than the plain loops the JIT vectorises by itself; otherwise the plain loops are used and the results are the same
 * to rounding. {@code -Dlandscape.vectorApi=false} forces the plain loops.
 */
public final class DenseKernels {
    private static final boolean VECTOR_API = vectorApiAvailable();

    private DenseKernels() {
    }

    /** Whether products use the Vector API (see the class comment). */
    public static boolean vectorApi() {
        return VECTOR_API;
    }

    private static boolean vectorApiAvailable() {
        if ("false".equals(System.getProperty("landscape.vectorApi"))) {
            return false;
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        try {
            return VectorKernels.lanes() >= 2;
        } catch (LinkageError e) {
            return false; // the module is there but not readable from here: the plain loops do the same work
        }
    }

    /**
     * z[u * zStride + zFirst + r] = bias[u] + sum_j h[j * hStride + h0 + r] w[j * out + u] for units u < out and
     * examples r < len: a block of examples times an in x out weight matrix (input-major rows).
     */
    public static void product(double[] h, int hStride, int h0, int in, double[] w, int out, double[] bias,
                               double[] z, int zStride, int zFirst, int len) {
        if (VECTOR_API) {
            VectorKernels.product(h, hStride, h0, in, w, out, bias, z, zStride, zFirst, len);
        } else {
            plainProduct(h, hStride, h0, in, w, out, bias, z, zStride, zFirst, len);
        }
    }

    /**
     * c[cAt + i * nb + j] += sum_{r < len} a[i * aStride + a0 + r] b[j * bStride + b0 + r]: the products of every
     * row of a block with every row of another, summed over the examples (a weight gradient).
     */
    public static void gram(double[] a, int aStride, int a0, int na, double[] b, int bStride, int b0, int nb, int len,
                            double[] c, int cAt) {
        if (VECTOR_API) {
            VectorKernels.gram(a, aStride, a0, na, b, bStride, b0, nb, len, c, cAt);
        } else {
            plainGram(a, aStride, a0, na, b, bStride, b0, nb, len, c, cAt);
        }
    }

    static void plainGram(double[] a, int aStride, int a0, int na, double[] b, int bStride, int b0, int nb, int len,
                          double[] c, int cAt) {
        for (int i = 0; i < na; i++) {
            for (int j = 0; j < nb; j++) {
                double s = 0;
                int ai = i * aStride + a0, bj = j * bStride + b0;
                for (int r = 0; r < len; r++) {
                    s += a[ai + r] * b[bj + r];
                }
                c[cAt + i * nb + j] += s;
            }
        }
    }

    /**
     * Refuses to allocate {@code doubles} numbers for {@code what} when {@link org.landscape.util.Memory#require}
     * would: an error naming the size and what to do beats an OutOfMemoryError in the middle of a cell.
     */
    public static void requireHeap(long doubles, String what) {
        String fix = "use a sample of the data (Dataset.sample) or start the kernel with a larger -Xmx";
        org.landscape.util.Memory.require(doubles > Long.MAX_VALUE / Double.BYTES ? -1 : doubles * Double.BYTES,
                what + " (for the fast paths)", fix);
        if (doubles > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(what + " needs " + doubles + " numbers, more than a Java array holds: "
                    + fix);
        }
    }

    /** sum_i a[i] b[i] over the first n entries (Lanczos's reorthogonalisation spends its time here). */
    public static double dot(double[] a, double[] b, int n) {
        if (VECTOR_API) {
            return VectorKernels.dot(a, b, n);
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /**
     * The values of a matrix column by column (column j of an m-row matrix at j * m + r), as doubles on the heap.
     * Refused before allocating, with the size and the fix, when it would not fit in the free heap.
     */
    public static double[] columnMajor(org.nd4j.linalg.api.ndarray.INDArray matrix) {
        requireHeap(matrix.length(), matrix.rows() + " x " + matrix.columns() + " data");
        org.nd4j.linalg.api.ndarray.INDArray d = matrix.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        org.nd4j.linalg.api.ndarray.INDArray f = d.ordering() == 'f' && !d.isView() ? d : d.dup('f');
        return f.data().asDouble();
    }

    /**
     * The same product with plain loops: four outputs and four inputs per sweep, so each output store carries 16
     * multiply-adds (the JIT vectorises each sweep over the examples).
     */
    static void plainProduct(double[] h, int hStride, int h0, int in, double[] w, int out, double[] bias,
                             double[] z, int zStride, int zFirst, int len) {
        int unit = 0;
        for (; unit + 4 <= out; unit += 4) {
            int z0 = unit * zStride + zFirst;
            for (int u = 0; u < 4; u++) {
                fill(z, z0 + u * zStride, bias[unit + u], len);
            }
            int j = 0;
            for (; j + 4 <= in; j += 4) {
                sweep4x4(z, z0, zStride, w, j * out + unit, out, h, j * hStride + h0, hStride, len);
            }
            for (; j < in; j++) {
                for (int u = 0; u < 4; u++) {
                    axpy(z, z0 + u * zStride, w[j * out + unit + u], h, j * hStride + h0, len);
                }
            }
        }
        for (; unit < out; unit++) {
            int z0 = unit * zStride + zFirst;
            fill(z, z0, bias[unit], len);
            int j = 0;
            for (; j + 4 <= in; j += 4) {
                sweep1x4(z, z0, w, j * out + unit, out, h, j * hStride + h0, hStride, len);
            }
            for (; j < in; j++) {
                axpy(z, z0, w[j * out + unit], h, j * hStride + h0, len);
            }
        }
    }

    private static void fill(double[] z, int at, double value, int len) {
        for (int r = 0; r < len; r++) {
            z[at + r] = value;
        }
    }

    private static void axpy(double[] z, int at, double c, double[] h, int from, int len) {
        for (int r = 0; r < len; r++) {
            z[at + r] += c * h[from + r];
        }
    }

    /** Output rows z0 .. z0+3 (stride zs) += four h rows (from, stride hs) times W[j..j+3][unit..unit+3]. */
    private static void sweep4x4(double[] z, int z0, int zs, double[] w, int wAt, int out, double[] h, int from,
                                 int hs, int len) {
        int z1 = z0 + zs, z2 = z1 + zs, z3 = z2 + zs;
        int wb = wAt + out, wc = wb + out, wd = wc + out;
        double a0 = w[wAt], a1 = w[wAt + 1], a2 = w[wAt + 2], a3 = w[wAt + 3];
        double b0 = w[wb], b1 = w[wb + 1], b2 = w[wb + 2], b3 = w[wb + 3];
        double c0 = w[wc], c1 = w[wc + 1], c2 = w[wc + 2], c3 = w[wc + 3];
        double d0 = w[wd], d1 = w[wd + 1], d2 = w[wd + 2], d3 = w[wd + 3];
        int fb = from + hs, fc = fb + hs, fd = fc + hs;
        for (int r = 0; r < len; r++) {
            double xa = h[from + r], xb = h[fb + r], xc = h[fc + r], xd = h[fd + r];
            z[z0 + r] += a0 * xa + b0 * xb + c0 * xc + d0 * xd;
            z[z1 + r] += a1 * xa + b1 * xb + c1 * xc + d1 * xd;
            z[z2 + r] += a2 * xa + b2 * xb + c2 * xc + d2 * xd;
            z[z3 + r] += a3 * xa + b3 * xb + c3 * xc + d3 * xd;
        }
    }

    /** One output row += four h rows times W[j..j+3][unit]. */
    private static void sweep1x4(double[] z, int z0, double[] w, int wAt, int out, double[] h, int from, int hs,
                                 int len) {
        double a = w[wAt], b = w[wAt + out], c = w[wAt + 2 * out], d = w[wAt + 3 * out];
        int fb = from + hs, fc = fb + hs, fd = fc + hs;
        for (int r = 0; r < len; r++) {
            z[z0 + r] += a * h[from + r] + b * h[fb + r] + c * h[fc + r] + d * h[fd + r];
        }
    }

    /**
     * tanh in place, as -u / (2 + u) with u = expm1(-2x). expm1 comes from its Taylor series at y = -2x / 256 and
     * eight doublings expm1(2y) = expm1(y) (expm1(y) + 2) (fused multiply-adds, which the JIT vectorises); beyond |x| = 20 tanh is +-1 to double precision, so x is
     * clamped there first (in its own loop: the JIT vectorises the two loops apart but not fused). Every step is a
     * multiply, add or divide, so the loop runs as wide as the machine's vectors (the Vector API gains nothing here:
     * the division bounds both); relative error about 1e-15, where ND4J's tanh is 6x slower and Math.tanh 15x.
     */
    public static void tanh(double[] z, int at, int len) {
        for (int r = 0; r < len; r++) {
            z[at + r] = Math.min(Math.max(z[at + r], -20.0), 20.0);
        }
        for (int r = 0; r < len; r++) {
            double y = -z[at + r] * (2.0 / 256);
            double p = Math.fma(y, 1.0 / 3628800, 1.0 / 362880);
            p = Math.fma(y, p, 1.0 / 40320);
            p = Math.fma(y, p, 1.0 / 5040);
            p = Math.fma(y, p, 1.0 / 720);
            p = Math.fma(y, p, 1.0 / 120);
            p = Math.fma(y, p, 1.0 / 24);
            p = Math.fma(y, p, 1.0 / 6);
            p = Math.fma(y, p, 0.5);
            p = Math.fma(y, p, 1.0);
            double u = y * p;
            u = Math.fma(u, u, u + u); // eight doublings, written out: a loop here would stop the JIT vectorising
            u = Math.fma(u, u, u + u);
            u = Math.fma(u, u, u + u);
            u = Math.fma(u, u, u + u);
            u = Math.fma(u, u, u + u);
            u = Math.fma(u, u, u + u);
            u = Math.fma(u, u, u + u);
            u = Math.fma(u, u, u + u);
            z[at + r] = -u / (2 + u);
        }
    }
}
