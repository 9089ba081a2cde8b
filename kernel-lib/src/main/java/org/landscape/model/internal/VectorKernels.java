package org.landscape.model.internal;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DenseKernels#product} with the Vector API: a tile of 4 outputs x 2 vectors of examples stays in 8 registers
 * while the inputs stream past, so each loaded input value feeds 4 multiply-adds and nothing is stored until the
 * tile is done. Loaded only when the jdk.incubator.vector module is present (see DenseKernels).
 */
final class VectorKernels {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private VectorKernels() {
    }

    static int lanes() {
        return LANES;
    }

    static void product(double[] h, int hStride, int h0, int in, double[] w, int out, double[] bias,
                        double[] z, int zStride, int zFirst, int len) {
        int vectorEnd = len - len % LANES;
        int unit = 0;
        for (; unit + 4 <= out; unit += 4) {
            DoubleVector bias0 = DoubleVector.broadcast(SPECIES, bias[unit]);
            DoubleVector bias1 = DoubleVector.broadcast(SPECIES, bias[unit + 1]);
            DoubleVector bias2 = DoubleVector.broadcast(SPECIES, bias[unit + 2]);
            DoubleVector bias3 = DoubleVector.broadcast(SPECIES, bias[unit + 3]);
            int r = 0;
            for (; r + 2 * LANES <= vectorEnd; r += 2 * LANES) {
                DoubleVector a0 = bias0, a1 = bias1, a2 = bias2, a3 = bias3;
                DoubleVector b0 = bias0, b1 = bias1, b2 = bias2, b3 = bias3;
                for (int j = 0; j < in; j++) {
                    int at = j * hStride + h0 + r, wj = j * out + unit;
                    DoubleVector x = DoubleVector.fromArray(SPECIES, h, at);
                    DoubleVector y = DoubleVector.fromArray(SPECIES, h, at + LANES);
                    DoubleVector c0 = DoubleVector.broadcast(SPECIES, w[wj]);
                    DoubleVector c1 = DoubleVector.broadcast(SPECIES, w[wj + 1]);
                    DoubleVector c2 = DoubleVector.broadcast(SPECIES, w[wj + 2]);
                    DoubleVector c3 = DoubleVector.broadcast(SPECIES, w[wj + 3]);
                    a0 = x.fma(c0, a0);
                    a1 = x.fma(c1, a1);
                    a2 = x.fma(c2, a2);
                    a3 = x.fma(c3, a3);
                    b0 = y.fma(c0, b0);
                    b1 = y.fma(c1, b1);
                    b2 = y.fma(c2, b2);
                    b3 = y.fma(c3, b3);
                }
                int z0 = unit * zStride + zFirst + r;
                a0.intoArray(z, z0);
                b0.intoArray(z, z0 + LANES);
                a1.intoArray(z, z0 + zStride);
                b1.intoArray(z, z0 + zStride + LANES);
                a2.intoArray(z, z0 + 2 * zStride);
                b2.intoArray(z, z0 + 2 * zStride + LANES);
                a3.intoArray(z, z0 + 3 * zStride);
                b3.intoArray(z, z0 + 3 * zStride + LANES);
            }
            for (; r < vectorEnd; r += LANES) {
                DoubleVector a0 = bias0, a1 = bias1, a2 = bias2, a3 = bias3;
                for (int j = 0; j < in; j++) {
                    int wj = j * out + unit;
                    DoubleVector x = DoubleVector.fromArray(SPECIES, h, j * hStride + h0 + r);
                    a0 = x.fma(DoubleVector.broadcast(SPECIES, w[wj]), a0);
                    a1 = x.fma(DoubleVector.broadcast(SPECIES, w[wj + 1]), a1);
                    a2 = x.fma(DoubleVector.broadcast(SPECIES, w[wj + 2]), a2);
                    a3 = x.fma(DoubleVector.broadcast(SPECIES, w[wj + 3]), a3);
                }
                int z0 = unit * zStride + zFirst + r;
                a0.intoArray(z, z0);
                a1.intoArray(z, z0 + zStride);
                a2.intoArray(z, z0 + 2 * zStride);
                a3.intoArray(z, z0 + 3 * zStride);
            }
            for (int u = unit; u < unit + 4; u++) {
                scalarTail(h, hStride, h0, in, w, out, bias, z, zStride, zFirst, u, vectorEnd, len);
            }
        }
        for (; unit < out; unit++) {
            DoubleVector b = DoubleVector.broadcast(SPECIES, bias[unit]);
            for (int r = 0; r < vectorEnd; r += LANES) {
                DoubleVector a = b;
                for (int j = 0; j < in; j++) {
                    a = DoubleVector.fromArray(SPECIES, h, j * hStride + h0 + r)
                            .fma(DoubleVector.broadcast(SPECIES, w[j * out + unit]), a);
                }
                a.intoArray(z, unit * zStride + zFirst + r);
            }
            scalarTail(h, hStride, h0, in, w, out, bias, z, zStride, zFirst, unit, vectorEnd, len);
        }
    }

    /**
     * DenseKernels.gram: tiles of 4 x 4 row pairs accumulate in 16 vector registers over the examples, then each is
     * summed across its lanes.
     */
    static void gram(double[] a, int aStride, int a0, int na, double[] b, int bStride, int b0, int nb, int len,
                     double[] c, int cAt) {
        int vectorEnd = len - len % LANES;
        int i = 0;
        for (; i + 4 <= na; i += 4) {
            int j = 0;
            for (; j + 4 <= nb; j += 4) {
                gramTile4x4(a, aStride, a0 + i * aStride, b, bStride, b0 + j * bStride, vectorEnd, c, cAt + i * nb + j,
                        nb);
            }
            for (; j < nb; j++) {
                for (int ii = i; ii < i + 4; ii++) {
                    c[cAt + ii * nb + j] += dot(a, ii * aStride + a0, b, j * bStride + b0, vectorEnd);
                }
            }
        }
        for (; i < na; i++) {
            for (int j = 0; j < nb; j++) {
                c[cAt + i * nb + j] += dot(a, i * aStride + a0, b, j * bStride + b0, vectorEnd);
            }
        }
        if (vectorEnd < len) { // the last examples, fewer than a vector
            for (int ii = 0; ii < na; ii++) {
                for (int jj = 0; jj < nb; jj++) {
                    double s = 0;
                    for (int r = vectorEnd; r < len; r++) {
                        s += a[ii * aStride + a0 + r] * b[jj * bStride + b0 + r];
                    }
                    c[cAt + ii * nb + jj] += s;
                }
            }
        }
    }

    private static void gramTile4x4(double[] a, int as, int a0, double[] b, int bs, int b0, int end, double[] c,
                                    int cAt, int nb) {
        DoubleVector s00 = DoubleVector.zero(SPECIES), s01 = s00, s02 = s00, s03 = s00;
        DoubleVector s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        DoubleVector s20 = s00, s21 = s00, s22 = s00, s23 = s00;
        DoubleVector s30 = s00, s31 = s00, s32 = s00, s33 = s00;
        for (int r = 0; r < end; r += LANES) {
            DoubleVector x0 = DoubleVector.fromArray(SPECIES, a, a0 + r);
            DoubleVector x1 = DoubleVector.fromArray(SPECIES, a, a0 + as + r);
            DoubleVector x2 = DoubleVector.fromArray(SPECIES, a, a0 + 2 * as + r);
            DoubleVector x3 = DoubleVector.fromArray(SPECIES, a, a0 + 3 * as + r);
            DoubleVector y0 = DoubleVector.fromArray(SPECIES, b, b0 + r);
            DoubleVector y1 = DoubleVector.fromArray(SPECIES, b, b0 + bs + r);
            DoubleVector y2 = DoubleVector.fromArray(SPECIES, b, b0 + 2 * bs + r);
            DoubleVector y3 = DoubleVector.fromArray(SPECIES, b, b0 + 3 * bs + r);
            s00 = x0.fma(y0, s00);
            s01 = x0.fma(y1, s01);
            s02 = x0.fma(y2, s02);
            s03 = x0.fma(y3, s03);
            s10 = x1.fma(y0, s10);
            s11 = x1.fma(y1, s11);
            s12 = x1.fma(y2, s12);
            s13 = x1.fma(y3, s13);
            s20 = x2.fma(y0, s20);
            s21 = x2.fma(y1, s21);
            s22 = x2.fma(y2, s22);
            s23 = x2.fma(y3, s23);
            s30 = x3.fma(y0, s30);
            s31 = x3.fma(y1, s31);
            s32 = x3.fma(y2, s32);
            s33 = x3.fma(y3, s33);
        }
        add(c, cAt, s00, s01, s02, s03);
        add(c, cAt + nb, s10, s11, s12, s13);
        add(c, cAt + 2 * nb, s20, s21, s22, s23);
        add(c, cAt + 3 * nb, s30, s31, s32, s33);
    }

    private static void add(double[] c, int at, DoubleVector s0, DoubleVector s1, DoubleVector s2, DoubleVector s3) {
        c[at] += s0.reduceLanes(VectorOperators.ADD);
        c[at + 1] += s1.reduceLanes(VectorOperators.ADD);
        c[at + 2] += s2.reduceLanes(VectorOperators.ADD);
        c[at + 3] += s3.reduceLanes(VectorOperators.ADD);
    }

    static double dot(double[] a, double[] b, int n) {
        int end = n - n % LANES;
        DoubleVector s0 = DoubleVector.zero(SPECIES), s1 = s0;
        int r = 0;
        for (; r + 2 * LANES <= end; r += 2 * LANES) { // two chains, so the adds do not wait on each other
            s0 = DoubleVector.fromArray(SPECIES, a, r).fma(DoubleVector.fromArray(SPECIES, b, r), s0);
            s1 = DoubleVector.fromArray(SPECIES, a, r + LANES).fma(DoubleVector.fromArray(SPECIES, b, r + LANES), s1);
        }
        for (; r < end; r += LANES) {
            s0 = DoubleVector.fromArray(SPECIES, a, r).fma(DoubleVector.fromArray(SPECIES, b, r), s0);
        }
        double s = s0.add(s1).reduceLanes(VectorOperators.ADD);
        for (; r < n; r++) {
            s += a[r] * b[r];
        }
        return s;
    }

    private static double dot(double[] a, int from, double[] b, int bFrom, int end) {
        DoubleVector s = DoubleVector.zero(SPECIES);
        for (int r = 0; r < end; r += LANES) {
            s = DoubleVector.fromArray(SPECIES, a, from + r).fma(DoubleVector.fromArray(SPECIES, b, bFrom + r), s);
        }
        return s.reduceLanes(VectorOperators.ADD);
    }

    /** Examples from..len-1 of one unit, where fewer than a vector's worth remain. */
    private static void scalarTail(double[] h, int hStride, int h0, int in, double[] w, int out, double[] bias,
                                   double[] z, int zStride, int zFirst, int unit, int from, int len) {
        for (int r = from; r < len; r++) {
            double s = bias[unit];
            for (int j = 0; j < in; j++) {
                s = Math.fma(h[j * hStride + h0 + r], w[j * out + unit], s);
            }
            z[unit * zStride + zFirst + r] = s;
        }
    }
}
