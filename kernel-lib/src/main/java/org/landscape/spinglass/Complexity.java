package org.landscape.spinglass;

import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * How many critical points the spherical pure H-spin glass has, on average, below a given energy: the formulas of
 * Auffinger, Ben Arous and Cerny, "Random matrices and complexity of spin glasses" (CPAM 2013, arXiv:1003.1129),
 * which the COLT open problem's Figure 2 plots for H = 3, Lambda = 1000.
 *
 * <p>Energies are per coordinate: u stands for the energy Lambda u. For the number Crt_{Lambda,k}(u) of critical
 * points of index k with energy below Lambda u, and Crt_Lambda(u) of all critical points,
 * <pre>
 *   (1/Lambda) log E Crt_{Lambda,k}(u) -> Theta_{k,H}(u),     (1/Lambda) log E Crt_Lambda(u) -> Theta_H(u),
 * </pre>
 * so the mean counts are exp(Lambda Theta (1 + o(1))): {@link #meanCount}. With E_inf = 2 sqrt((H-1)/H),
 * <pre>
 *   I_1(u) = -(u / E_inf^2) sqrt(u^2 - E_inf^2) - ln(-u + sqrt(u^2 - E_inf^2)) + ln E_inf           (u <= -E_inf)
 *   Theta_{k,H}(u) = 1/2 ln(H-1) - (H-2)/(4(H-1)) u^2 - (k+1) I_1(u)                                 (u <= -E_inf)
 *                  = 1/2 ln(H-1) - (H-2)/H                                                          (u >= -E_inf)
 *   Theta_H(u)     = 1/2 ln(H-1) - (H-2)/(4(H-1)) u^2 - I_1(u)     (u <= -E_inf)
 *                  = 1/2 ln(H-1) - (H-2)/(4(H-1)) u^2              (-E_inf <= u <= 0)
 *                  = 1/2 ln(H-1)                                  (u >= 0)
 * </pre>
 * I_1 is the large-deviation cost of pulling the smallest eigenvalue of a GOE matrix below the bulk: I_1(u) =
 * (2 / E_inf^2) * integral from u to -E_inf of sqrt(z^2 - E_inf^2) dz, which is 0 at -E_inf and grows below it.
 * Index-k points need k + 1 eigenvalues pulled out, hence (k + 1) I_1. Above -E_inf the Hessian's spectrum
 * reaches below zero, so points of fixed index stop appearing: Theta_{k,H} is flat there.
 *
 * <p>E_k, the zero of Theta_{k,H} on (-infinity, -E_inf], is where index-k points become exponentially rare:
 * E_0 is the ground state (-Lambda E_0 the global minimum, 1.657 for H = 3) and E_0 > E_1 > ... > E_inf.
 * The formulas hold for H >= 3 (H = 2 has exactly 2 Lambda critical points).
 */
public final class Complexity {
    private Complexity() {
    }

    private static void checkOrder(int h) {
        if (h < 3) {
            throw new IllegalArgumentException("h must be >= 3: the complexity formulas are for pure H-spin glasses "
                    + "with H >= 3 (H = 2 has just 2 Lambda critical points), got " + h);
        }
    }

    private static void checkIndex(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("k is an index (a number of negative eigenvalues), so k >= 0; got " + k);
        }
    }

    /** E_inf(H) = 2 sqrt((H-1)/H), the energy barrier (threshold) per coordinate: 1.63299... for H = 3. */
    public static double eInfinity(int h) {
        checkOrder(h);
        return 2 * Math.sqrt((h - 1.0) / h);
    }

    /** I_1(u) for u <= -E_inf (the large-deviation cost of one eigenvalue below the bulk); 0 above. */
    public static double i1(int h, double u) {
        double e = eInfinity(h);
        if (u >= -e) {
            return 0;
        }
        double s = Math.sqrt(u * u - e * e);
        return -(u / (e * e)) * s - Math.log(-u + s) + Math.log(e);
    }

    /** Theta_{k,H}(u): the growth rate of the mean number of index-k critical points with energy below Lambda u. */
    public static double theta(int k, int h, double u) {
        checkOrder(h);
        checkIndex(k);
        checkEnergy(u);
        double e = eInfinity(h);
        double base = 0.5 * Math.log(h - 1.0);
        if (u >= -e) {
            return base - (h - 2.0) / h;
        }
        return base - (h - 2.0) / (4 * (h - 1.0)) * u * u - (k + 1) * i1(h, u);
    }

    /** Theta_H(u): the growth rate of the mean number of all critical points with energy below Lambda u. */
    public static double thetaTotal(int h, double u) {
        checkOrder(h);
        checkEnergy(u);
        double base = 0.5 * Math.log(h - 1.0);
        if (u >= 0) {
            return base;
        }
        return base - (h - 2.0) / (4 * (h - 1.0)) * u * u - i1(h, u);
    }

    private static void checkEnergy(double u) {
        if (Double.isNaN(u)) {
            throw new IllegalArgumentException("u must be a number (an energy per coordinate), got NaN");
        }
    }

    /** E_k(H): the u = -E_k where Theta_{k,H} crosses zero, by bisection to machine precision. */
    public static double threshold(int k, int h) {
        checkOrder(h);
        checkIndex(k);
        double hi = -eInfinity(h); // theta > 0 here (1/2 ln(H-1) > (H-2)/H for H >= 3)
        if (theta(k, h, hi) <= 0) {
            throw new IllegalStateException("Theta_" + k + "," + h + " is not positive at -E_inf; no zero to find");
        }
        double lo = hi - 1;
        while (theta(k, h, lo) > 0) {
            lo -= 1;
        }
        for (int it = 0; it < 200 && hi - lo > 1e-15 * Math.abs(lo); it++) {
            double mid = 0.5 * (lo + hi);
            if (theta(k, h, mid) > 0) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return -0.5 * (lo + hi);
    }

    /** E_0(H), the ground state per coordinate: the global minimum of L is about -Lambda E_0 (1.65700 for H = 3). */
    public static double groundState(int h) {
        return threshold(0, h);
    }

    /** exp(Lambda Theta): the mean count the growth rate Theta stands for at size Lambda (to exponential order). */
    public static double meanCount(int lambda, double theta) {
        if (lambda < 1) {
            throw new IllegalArgumentException("lambda must be >= 1, got " + lambda);
        }
        return Math.exp(lambda * theta);
    }

    /** log10 of {@link #meanCount}, for plots whose counts span hundreds of orders of magnitude. */
    public static double log10MeanCount(int lambda, double theta) {
        return lambda * theta / Math.log(10);
    }

    /**
     * The fraction of negative eigenvalues of the Riemannian Hessian at a typical critical point of energy
     * Lambda u, for large Lambda: the Hessian there is a GOE matrix whose semicircle (radius 2 sqrt(H(H-1)))
     * is shifted by -H u, so the fraction is the semicircle's mass below H u, F(u / E_inf) with
     * F(x) = 1/2 + (x sqrt(1 - x^2) + arcsin x) / pi. Zero below -E_inf, one above E_inf.
     */
    public static double typicalIndexFraction(int h, double u) {
        return semicircleBelow(u / eInfinity(h));
    }

    /** F(x) = 1/2 + (x sqrt(1 - x^2) + arcsin x) / pi: the semicircle's mass below x times its radius. */
    static double semicircleBelow(double x) {
        if (x <= -1) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        return 0.5 + (x * Math.sqrt(1 - x * x) + Math.asin(x)) / Math.PI;
    }

    /**
     * The layers E_0 > E_1 > ... > E_kMax for order h, with the energies -lambda E_k at size lambda (rounded to 6 and
     * 2 decimals); the table's title gives E_inf, where the layers accumulate.
     */
    public static Table layers(int h, int lambda, int kMax) {
        checkOrder(h);
        checkIndex(kMax);
        IntColumn k = IntColumn.create("index k");
        DoubleColumn ek = DoubleColumn.create("E_k (zero of Theta_k," + h + ")");
        DoubleColumn energy = DoubleColumn.create("-lambda E_k at lambda = " + lambda);
        for (int i = 0; i <= kMax; i++) {
            double e = threshold(i, h);
            k.append(i);
            ek.append(Math.round(e * 1e6) / 1e6);
            energy.append(Math.round(-lambda * e * 100) / 100.0);
        }
        return Table.create(String.format(Locale.ROOT, "the layers for H = %d: E_inf = %.6f, -lambda E_inf = %.1f", h,
                eInfinity(h), -lambda * eInfinity(h)), k, ek, energy);
    }
}
