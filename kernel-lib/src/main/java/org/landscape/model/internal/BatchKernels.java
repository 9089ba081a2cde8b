package org.landscape.model.internal;

/**
 * The matrix product of the ensemble trainer, in float and in double: C = init + A B for row-major blocks, with the
 * columns of B and C (the vector dimension) a multiple of {@link #floatLanes()} / {@link #doubleLanes()} (the caller
 * pads its layer widths with zero units). A is read through two strides, so A and A^T are the same call.
 *
 * <p>Every entry of C is accumulated over p = 0..k-1 in that order by fused multiply-adds, in the Vector API tiles
 * and in the plain loops alike: the result does not depend on the tiling, the lane count or whether the Vector API is
 * there (the plain loops give the same bits).
 */
public final class BatchKernels {
    private static final boolean VECTOR_API = DenseKernels.vectorApi();
    private static final int FLOAT_LANES = VECTOR_API ? BatchVectorKernels.floatLanes() : 8;
    private static final int DOUBLE_LANES = VECTOR_API ? BatchVectorKernels.doubleLanes() : 4;

    private BatchKernels() {
    }

    /** What float widths are padded to. */
    public static int floatLanes() {
        return FLOAT_LANES;
    }

    /** What double widths are padded to. */
    public static int doubleLanes() {
        return DOUBLE_LANES;
    }

    /**
     * c[cOff + i cs + v] = init + sum_{p < k} a[aOff + i ar + p ac] b[bOff + p bs + v] for i < m, v < n, where init is
     * c itself ({@code accumulate}), bias[biasOff + v] (bias not null) or 0. n must be a multiple of the float lanes.
     */
    public static void gemm(float[] a, int aOff, int ar, int ac, float[] b, int bOff, int bs, float[] c, int cOff,
                            int cs, int m, int n, int k, float[] bias, int biasOff, boolean accumulate) {
        if (n % FLOAT_LANES != 0) {
            throw new IllegalArgumentException("n = " + n + " must be a multiple of " + FLOAT_LANES);
        }
        if (VECTOR_API) {
            BatchVectorKernels.gemm(a, aOff, ar, ac, b, bOff, bs, c, cOff, cs, m, n, k, bias, biasOff, accumulate);
            return;
        }
        for (int i = 0; i < m; i++) {
            for (int v = 0; v < n; v++) {
                float s = accumulate ? c[cOff + i * cs + v] : bias != null ? bias[biasOff + v] : 0f;
                for (int p = 0; p < k; p++) {
                    s = Math.fma(a[aOff + i * ar + p * ac], b[bOff + p * bs + v], s);
                }
                c[cOff + i * cs + v] = s;
            }
        }
    }

    /** The same in double; n a multiple of the double lanes. */
    public static void gemm(double[] a, int aOff, int ar, int ac, double[] b, int bOff, int bs, double[] c, int cOff,
                            int cs, int m, int n, int k, double[] bias, int biasOff, boolean accumulate) {
        if (n % DOUBLE_LANES != 0) {
            throw new IllegalArgumentException("n = " + n + " must be a multiple of " + DOUBLE_LANES);
        }
        if (VECTOR_API) {
            BatchVectorKernels.gemm(a, aOff, ar, ac, b, bOff, bs, c, cOff, cs, m, n, k, bias, biasOff, accumulate);
            return;
        }
        for (int i = 0; i < m; i++) {
            for (int v = 0; v < n; v++) {
                double s = accumulate ? c[cOff + i * cs + v] : bias != null ? bias[biasOff + v] : 0.0;
                for (int p = 0; p < k; p++) {
                    s = Math.fma(a[aOff + i * ar + p * ac], b[bOff + p * bs + v], s);
                }
                c[cOff + i * cs + v] = s;
            }
        }
    }
}
