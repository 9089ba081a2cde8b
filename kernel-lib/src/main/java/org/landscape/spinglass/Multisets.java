package org.landscape.spinglass;

/**
 * Numbering of the monomials w_{a1} w_{a2} ... w_{ar} with a1 <= a2 <= ... <= ar (multisets of r indices out of
 * Lambda). The gradient of an H-spin glass is a linear combination of the monomials of degree r = H - 1, so the
 * coupling matrix needs one row per multiset, C(Lambda + r - 1, r) rows, instead of one per ordered tuple,
 * Lambda^r rows: for H = 3 that halves the memory and the arithmetic.
 *
 * <p>Multisets are numbered in colexicographic order (the last index changes slowest): for r = 2,
 * (0,0), (0,1), (1,1), (0,2), (1,2), (2,2), ... so that rank(a, b) = a + b (b + 1) / 2 for a <= b. In general
 * rank = sum_l C(a_l + l, l + 1) (l counted from 0).
 */
final class Multisets {
    private Multisets() {
    }

    /** C(n, k) as a double (exact while below 2^53), 0 when k > n. */
    static double binomial(long n, int k) {
        if (k < 0 || k > n) {
            return 0;
        }
        double c = 1;
        for (int i = 1; i <= k; i++) {
            c = c * (n - k + i) / i;
        }
        return Math.rint(c);
    }

    /** How many multisets of r indices out of lambda: C(lambda + r - 1, r). */
    static double count(int lambda, int r) {
        return binomial((long) lambda + r - 1, r);
    }

    /** A table t[n][k] = C(n, k) for n < rows, k <= r, as longs (callers keep n small enough to be exact). */
    static long[][] binomialTable(int rows, int r) {
        long[][] t = new long[rows][r + 2];
        for (int n = 0; n < rows; n++) {
            for (int k = 0; k <= r + 1; k++) {
                t[n][k] = (long) binomial(n, k);
            }
        }
        return t;
    }

    /** The rank of the sorted multiset a[0] <= ... <= a[r-1]. */
    static long rank(int[] sorted, int r, long[][] binomials) {
        long rank = 0;
        for (int l = 0; l < r; l++) {
            rank += binomials[sorted[l] + l][l + 1];
        }
        return rank;
    }

    /** Writes into {@code out} the multiset with the given rank (the inverse of {@link #rank}). */
    static void unrank(long rank, int r, int[] out, long[][] binomials) {
        long rest = rank;
        for (int l = r - 1; l >= 0; l--) {
            // the largest v with C(v + l, l + 1) <= rest
            int v = 0;
            while (v + 1 + l < binomials.length && binomials[v + 1 + l][l + 1] <= rest) {
                v++;
            }
            out[l] = v;
            rest -= binomials[v + l][l + 1];
        }
    }

    /** Steps {@code a} to the next multiset in colexicographic order; false after the last one. */
    static boolean next(int[] a, int r, int lambda) {
        for (int l = 0; l < r; l++) {
            int limit = l + 1 < r ? a[l + 1] : lambda - 1;
            if (a[l] < limit) {
                a[l]++;
                for (int j = 0; j < l; j++) {
                    a[j] = 0;
                }
                return true;
            }
        }
        return false;
    }
}
