package org.landscape.model;

import jdk.incubator.vector.DoubleVector;
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
