package org.landscape.model.internal;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link BatchKernels#gemm} with the Vector API: a tile of 4 rows x 2 vectors of C stays in 8 registers while the
 * rows of B stream past; each loaded B vector feeds 4 fused multiply-adds. Loaded only when jdk.incubator.vector is
 * there (see DenseKernels). Written out once per precision (Java has no generics over primitives).
 */
final class BatchVectorKernels {
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;

    private BatchVectorKernels() {
    }

    static int floatLanes() {
        return FLOATS.length();
    }

    static int doubleLanes() {
        return DOUBLES.length();
    }

    static void gemm(float[] a, int aOff, int ar, int ac, float[] b, int bOff, int bs, float[] c, int cOff, int cs, int m,
                     int n, int k, float[] bias, int biasOff, boolean accumulate) {
        int lanes = FLOATS.length();
        int v = 0;
        for (; v + 2 * lanes <= n; v += 2 * lanes) { // a panel of B two vectors wide stays in L1 over all rows
            int i = 0;
            for (; i + 4 <= m; i += 4) {
                tile4x2(a, aOff + i * ar, ar, ac, b, bOff + v, bs, c, cOff + i * cs + v, cs, k, bias, biasOff + v, accumulate);
            }
            for (; i < m; i++) {
                tile1x2(a, aOff + i * ar, ac, b, bOff + v, bs, c, cOff + i * cs + v, k, bias, biasOff + v, accumulate);
            }
        }
        for (; v < n; v += lanes) { // the last vector of columns
            int i = 0;
            for (; i + 4 <= m; i += 4) {
                tile4x1(a, aOff + i * ar, ar, ac, b, bOff + v, bs, c, cOff + i * cs + v, cs, k, bias, biasOff + v, accumulate);
            }
            for (; i < m; i++) {
                tile1x1(a, aOff + i * ar, ac, b, bOff + v, bs, c, cOff + i * cs + v, k, bias, biasOff + v, accumulate);
            }
        }
    }

    /** 4 rows x 2 vectors of C in 8 registers; each method small enough for C2 to compile the vectors into registers. */
    private static void tile4x2(float[] a, int a0, int ar, int ac, float[] b, int b0, int bs, float[] c, int c0, int cs, int k,
                                float[] bias, int bo, boolean accumulate) {
        int lanes = FLOATS.length();
        FloatVector x0, x1, x2, x3, y0, y1, y2, y3;
        if (accumulate) {
            x0 = FloatVector.fromArray(FLOATS, c, c0);
            y0 = FloatVector.fromArray(FLOATS, c, c0 + lanes);
            x1 = FloatVector.fromArray(FLOATS, c, c0 + cs);
            y1 = FloatVector.fromArray(FLOATS, c, c0 + cs + lanes);
            x2 = FloatVector.fromArray(FLOATS, c, c0 + 2 * cs);
            y2 = FloatVector.fromArray(FLOATS, c, c0 + 2 * cs + lanes);
            x3 = FloatVector.fromArray(FLOATS, c, c0 + 3 * cs);
            y3 = FloatVector.fromArray(FLOATS, c, c0 + 3 * cs + lanes);
        } else if (bias != null) {
            x0 = FloatVector.fromArray(FLOATS, bias, bo);
            y0 = FloatVector.fromArray(FLOATS, bias, bo + lanes);
            x1 = x0; x2 = x0; x3 = x0;
            y1 = y0; y2 = y0; y3 = y0;
        } else {
            x0 = FloatVector.zero(FLOATS);
            x1 = x0; x2 = x0; x3 = x0;
            y0 = x0; y1 = x0; y2 = x0; y3 = x0;
        }
        for (int p = 0; p < k; p++) {
            int bp = b0 + p * bs, ap = a0 + p * ac;
            FloatVector u = FloatVector.fromArray(FLOATS, b, bp);
            FloatVector w = FloatVector.fromArray(FLOATS, b, bp + lanes);
            FloatVector s0 = FloatVector.broadcast(FLOATS, a[ap]);
            FloatVector s1 = FloatVector.broadcast(FLOATS, a[ap + ar]);
            FloatVector s2 = FloatVector.broadcast(FLOATS, a[ap + 2 * ar]);
            FloatVector s3 = FloatVector.broadcast(FLOATS, a[ap + 3 * ar]);
            x0 = s0.fma(u, x0);
            y0 = s0.fma(w, y0);
            x1 = s1.fma(u, x1);
            y1 = s1.fma(w, y1);
            x2 = s2.fma(u, x2);
            y2 = s2.fma(w, y2);
            x3 = s3.fma(u, x3);
            y3 = s3.fma(w, y3);
        }
        x0.intoArray(c, c0);
        y0.intoArray(c, c0 + lanes);
        x1.intoArray(c, c0 + cs);
        y1.intoArray(c, c0 + cs + lanes);
        x2.intoArray(c, c0 + 2 * cs);
        y2.intoArray(c, c0 + 2 * cs + lanes);
        x3.intoArray(c, c0 + 3 * cs);
        y3.intoArray(c, c0 + 3 * cs + lanes);
    }

    private static void tile1x2(float[] a, int a0, int ac, float[] b, int b0, int bs, float[] c, int c0, int k, float[] bias,
                                int bo, boolean accumulate) {
        int lanes = FLOATS.length();
        FloatVector x0, y0;
        if (accumulate) {
            x0 = FloatVector.fromArray(FLOATS, c, c0);
            y0 = FloatVector.fromArray(FLOATS, c, c0 + lanes);
        } else if (bias != null) {
            x0 = FloatVector.fromArray(FLOATS, bias, bo);
            y0 = FloatVector.fromArray(FLOATS, bias, bo + lanes);
        } else {
            x0 = FloatVector.zero(FLOATS);
            y0 = x0;
        }
        for (int p = 0; p < k; p++) {
            int bp = b0 + p * bs;
            FloatVector s0 = FloatVector.broadcast(FLOATS, a[a0 + p * ac]);
            x0 = s0.fma(FloatVector.fromArray(FLOATS, b, bp), x0);
            y0 = s0.fma(FloatVector.fromArray(FLOATS, b, bp + lanes), y0);
        }
        x0.intoArray(c, c0);
        y0.intoArray(c, c0 + lanes);
    }

    private static void tile4x1(float[] a, int a0, int ar, int ac, float[] b, int b0, int bs, float[] c, int c0, int cs, int k,
                                float[] bias, int bo, boolean accumulate) {
        FloatVector x0, x1, x2, x3;
        if (accumulate) {
            x0 = FloatVector.fromArray(FLOATS, c, c0);
            x1 = FloatVector.fromArray(FLOATS, c, c0 + cs);
            x2 = FloatVector.fromArray(FLOATS, c, c0 + 2 * cs);
            x3 = FloatVector.fromArray(FLOATS, c, c0 + 3 * cs);
        } else {
            x0 = bias != null ? FloatVector.fromArray(FLOATS, bias, bo) : FloatVector.zero(FLOATS);
            x1 = x0; x2 = x0; x3 = x0;
        }
        for (int p = 0; p < k; p++) {
            int ap = a0 + p * ac;
            FloatVector u = FloatVector.fromArray(FLOATS, b, b0 + p * bs);
            x0 = FloatVector.broadcast(FLOATS, a[ap]).fma(u, x0);
            x1 = FloatVector.broadcast(FLOATS, a[ap + ar]).fma(u, x1);
            x2 = FloatVector.broadcast(FLOATS, a[ap + 2 * ar]).fma(u, x2);
            x3 = FloatVector.broadcast(FLOATS, a[ap + 3 * ar]).fma(u, x3);
        }
        x0.intoArray(c, c0);
        x1.intoArray(c, c0 + cs);
        x2.intoArray(c, c0 + 2 * cs);
        x3.intoArray(c, c0 + 3 * cs);
    }

    private static void tile1x1(float[] a, int a0, int ac, float[] b, int b0, int bs, float[] c, int c0, int k, float[] bias,
                                int bo, boolean accumulate) {
        FloatVector x0 = accumulate ? FloatVector.fromArray(FLOATS, c, c0) : bias != null ? FloatVector.fromArray(FLOATS, bias, bo) : FloatVector.zero(FLOATS);
        for (int p = 0; p < k; p++) {
            x0 = FloatVector.broadcast(FLOATS, a[a0 + p * ac]).fma(FloatVector.fromArray(FLOATS, b, b0 + p * bs), x0);
        }
        x0.intoArray(c, c0);
    }

    static void gemm(double[] a, int aOff, int ar, int ac, double[] b, int bOff, int bs, double[] c, int cOff, int cs, int m,
                     int n, int k, double[] bias, int biasOff, boolean accumulate) {
        int lanes = DOUBLES.length();
        int v = 0;
        for (; v + 2 * lanes <= n; v += 2 * lanes) { // a panel of B two vectors wide stays in L1 over all rows
            int i = 0;
            for (; i + 4 <= m; i += 4) {
                tile4x2(a, aOff + i * ar, ar, ac, b, bOff + v, bs, c, cOff + i * cs + v, cs, k, bias, biasOff + v, accumulate);
            }
            for (; i < m; i++) {
                tile1x2(a, aOff + i * ar, ac, b, bOff + v, bs, c, cOff + i * cs + v, k, bias, biasOff + v, accumulate);
            }
        }
        for (; v < n; v += lanes) { // the last vector of columns
            int i = 0;
            for (; i + 4 <= m; i += 4) {
                tile4x1(a, aOff + i * ar, ar, ac, b, bOff + v, bs, c, cOff + i * cs + v, cs, k, bias, biasOff + v, accumulate);
            }
            for (; i < m; i++) {
                tile1x1(a, aOff + i * ar, ac, b, bOff + v, bs, c, cOff + i * cs + v, k, bias, biasOff + v, accumulate);
            }
        }
    }

    /** 4 rows x 2 vectors of C in 8 registers; each method small enough for C2 to compile the vectors into registers. */
    private static void tile4x2(double[] a, int a0, int ar, int ac, double[] b, int b0, int bs, double[] c, int c0, int cs, int k,
                                double[] bias, int bo, boolean accumulate) {
        int lanes = DOUBLES.length();
        DoubleVector x0, x1, x2, x3, y0, y1, y2, y3;
        if (accumulate) {
            x0 = DoubleVector.fromArray(DOUBLES, c, c0);
            y0 = DoubleVector.fromArray(DOUBLES, c, c0 + lanes);
            x1 = DoubleVector.fromArray(DOUBLES, c, c0 + cs);
            y1 = DoubleVector.fromArray(DOUBLES, c, c0 + cs + lanes);
            x2 = DoubleVector.fromArray(DOUBLES, c, c0 + 2 * cs);
            y2 = DoubleVector.fromArray(DOUBLES, c, c0 + 2 * cs + lanes);
            x3 = DoubleVector.fromArray(DOUBLES, c, c0 + 3 * cs);
            y3 = DoubleVector.fromArray(DOUBLES, c, c0 + 3 * cs + lanes);
        } else if (bias != null) {
            x0 = DoubleVector.fromArray(DOUBLES, bias, bo);
            y0 = DoubleVector.fromArray(DOUBLES, bias, bo + lanes);
            x1 = x0; x2 = x0; x3 = x0;
            y1 = y0; y2 = y0; y3 = y0;
        } else {
            x0 = DoubleVector.zero(DOUBLES);
            x1 = x0; x2 = x0; x3 = x0;
            y0 = x0; y1 = x0; y2 = x0; y3 = x0;
        }
        for (int p = 0; p < k; p++) {
            int bp = b0 + p * bs, ap = a0 + p * ac;
            DoubleVector u = DoubleVector.fromArray(DOUBLES, b, bp);
            DoubleVector w = DoubleVector.fromArray(DOUBLES, b, bp + lanes);
            DoubleVector s0 = DoubleVector.broadcast(DOUBLES, a[ap]);
            DoubleVector s1 = DoubleVector.broadcast(DOUBLES, a[ap + ar]);
            DoubleVector s2 = DoubleVector.broadcast(DOUBLES, a[ap + 2 * ar]);
            DoubleVector s3 = DoubleVector.broadcast(DOUBLES, a[ap + 3 * ar]);
            x0 = s0.fma(u, x0);
            y0 = s0.fma(w, y0);
            x1 = s1.fma(u, x1);
            y1 = s1.fma(w, y1);
            x2 = s2.fma(u, x2);
            y2 = s2.fma(w, y2);
            x3 = s3.fma(u, x3);
            y3 = s3.fma(w, y3);
        }
        x0.intoArray(c, c0);
        y0.intoArray(c, c0 + lanes);
        x1.intoArray(c, c0 + cs);
        y1.intoArray(c, c0 + cs + lanes);
        x2.intoArray(c, c0 + 2 * cs);
        y2.intoArray(c, c0 + 2 * cs + lanes);
        x3.intoArray(c, c0 + 3 * cs);
        y3.intoArray(c, c0 + 3 * cs + lanes);
    }

    private static void tile1x2(double[] a, int a0, int ac, double[] b, int b0, int bs, double[] c, int c0, int k, double[] bias,
                                int bo, boolean accumulate) {
        int lanes = DOUBLES.length();
        DoubleVector x0, y0;
        if (accumulate) {
            x0 = DoubleVector.fromArray(DOUBLES, c, c0);
            y0 = DoubleVector.fromArray(DOUBLES, c, c0 + lanes);
        } else if (bias != null) {
            x0 = DoubleVector.fromArray(DOUBLES, bias, bo);
            y0 = DoubleVector.fromArray(DOUBLES, bias, bo + lanes);
        } else {
            x0 = DoubleVector.zero(DOUBLES);
            y0 = x0;
        }
        for (int p = 0; p < k; p++) {
            int bp = b0 + p * bs;
            DoubleVector s0 = DoubleVector.broadcast(DOUBLES, a[a0 + p * ac]);
            x0 = s0.fma(DoubleVector.fromArray(DOUBLES, b, bp), x0);
            y0 = s0.fma(DoubleVector.fromArray(DOUBLES, b, bp + lanes), y0);
        }
        x0.intoArray(c, c0);
        y0.intoArray(c, c0 + lanes);
    }

    private static void tile4x1(double[] a, int a0, int ar, int ac, double[] b, int b0, int bs, double[] c, int c0, int cs, int k,
                                double[] bias, int bo, boolean accumulate) {
        DoubleVector x0, x1, x2, x3;
        if (accumulate) {
            x0 = DoubleVector.fromArray(DOUBLES, c, c0);
            x1 = DoubleVector.fromArray(DOUBLES, c, c0 + cs);
            x2 = DoubleVector.fromArray(DOUBLES, c, c0 + 2 * cs);
            x3 = DoubleVector.fromArray(DOUBLES, c, c0 + 3 * cs);
        } else {
            x0 = bias != null ? DoubleVector.fromArray(DOUBLES, bias, bo) : DoubleVector.zero(DOUBLES);
            x1 = x0; x2 = x0; x3 = x0;
        }
        for (int p = 0; p < k; p++) {
            int ap = a0 + p * ac;
            DoubleVector u = DoubleVector.fromArray(DOUBLES, b, b0 + p * bs);
            x0 = DoubleVector.broadcast(DOUBLES, a[ap]).fma(u, x0);
            x1 = DoubleVector.broadcast(DOUBLES, a[ap + ar]).fma(u, x1);
            x2 = DoubleVector.broadcast(DOUBLES, a[ap + 2 * ar]).fma(u, x2);
            x3 = DoubleVector.broadcast(DOUBLES, a[ap + 3 * ar]).fma(u, x3);
        }
        x0.intoArray(c, c0);
        x1.intoArray(c, c0 + cs);
        x2.intoArray(c, c0 + 2 * cs);
        x3.intoArray(c, c0 + 3 * cs);
    }

    private static void tile1x1(double[] a, int a0, int ac, double[] b, int b0, int bs, double[] c, int c0, int k, double[] bias,
                                int bo, boolean accumulate) {
        DoubleVector x0 = accumulate ? DoubleVector.fromArray(DOUBLES, c, c0) : bias != null ? DoubleVector.fromArray(DOUBLES, bias, bo) : DoubleVector.zero(DOUBLES);
        for (int p = 0; p < k; p++) {
            x0 = DoubleVector.broadcast(DOUBLES, a[a0 + p * ac]).fma(DoubleVector.fromArray(DOUBLES, b, b0 + p * bs), x0);
        }
        x0.intoArray(c, c0);
    }
}
