package org.landscape.hessian;

import java.util.Locale;
import org.landscape.data.Dataset;
import org.landscape.model.Network;
import org.landscape.model.Risk;

/**
 * Entry points for the Hessian of a network's risk: as an operator (any size) or as a dense matrix (small networks).
 *
 * <pre>{@code
 * LinearOperator h = Hessians.operator(net, data);            // H v in ~2 gradients
 * Spectrum top = new Lanczos().largest(h, 10);                // top 10 eigenvalues
 * DenseMatrix full = Hessians.dense(net, data);              // n x n, n HVPs, only for small n
 * }</pre>
 */
public final class Hessians {
    private Hessians() {
    }

    /** The Hessian at the network's current parameters, as Hessian-vector products. */
    public static HessianVectorProduct operator(Network net, Dataset data) {
        return HessianVectorProduct.at(net, data);
    }

    /**
     * The full Hessian at the network's current parameters, column by column from n Hessian-vector products by
     * central differences (2n gradients; entries accurate to ~1e-10 for the networks of the tests), symmetrised.
     * Central differences with their small step (1e-6 relative) rather than the fourth-order formula (step 1e-5):
     * the smaller step is ten times less likely to cross a ReLU kink. Refuses, with the size in MB, a matrix that does
     * not fit.
     */
    public static DenseMatrix dense(Network net, Dataset data) {
        return dense(HessianVectorProduct.at(net, data));
    }

    /** The full Hessian at {@code theta}. */
    public static DenseMatrix dense(Network net, Dataset data, double[] theta) {
        return dense(HessianVectorProduct.at(net, data, theta));
    }

    /**
     * How asymmetric a finite-difference Hessian may be before symmetrising, relative to its largest entry. Central
     * differences of a smooth loss's gradients are symmetric to ~1e-10 (measured in the tests); with saturated units
     * the gradients' rounding error, divided by the small step, can reach ~1e-6 of the entries, which symmetrising
     * removes harmlessly. A difference across a ReLU kink is another thing: the gradient jumps, and the entry it
     * produces, jump / (2 eps) with eps ~ 1e-6, is comparable to the largest entry, and so is its asymmetry. Between
     * the two lies this threshold, three orders of magnitude from either.
     */
    public static final double FINITE_DIFFERENCE_ASYMMETRY = 1e-3;

    /**
     * The one dense assembly of a Hessian from finite differences: the matrix of {@code h} (n products), refused when
     * its asymmetry exceeds {@link #FINITE_DIFFERENCE_ASYMMETRY} of its largest entry (more than finite differences
     * explain: the loss is not smooth at theta), else symmetrised. {@link HessianVectorProduct#dense()} is this.
     */
    public static DenseMatrix dense(HessianVectorProduct h) {
        DenseMatrix raw = DenseMatrix.of(h);
        raw.requireSymmetric("the finite-difference Hessian (if the network uses ReLU, a kink may lie within the step: "
                + "move theta slightly or use a smaller step)", FINITE_DIFFERENCE_ASYMMETRY);
        return raw.symmetrized();
    }

    /** The Hessian of {@code risk} at {@code theta}, as Hessian-vector products. */
    public static HessianVectorProduct operator(Risk risk, double[] theta) {
        return HessianVectorProduct.at(risk, theta);
    }

    /**
     * The full Hessian of {@code risk} at {@code theta} (2n gradients; for small networks), without the network's
     * shape check of {@link #dense(Network, Dataset, double[])}: for searches that assemble it at every step.
     */
    public static DenseMatrix dense(Risk risk, double[] theta) {
        return dense(HessianVectorProduct.at(risk, theta));
    }

    /** "a dense n x n Hessian needs X GB": what the matrix of n parameters would take (8 n^2 bytes). */
    public static String denseSize(long n) {
        return String.format(Locale.ROOT, "a dense %d x %d Hessian needs %s", n, n, denseMemory(n));
    }

    /** 8 n^2 bytes in MB, GB or TB, e.g. "117.0 GB" for n = 120,901. */
    public static String denseMemory(long n) {
        double bytes = DenseMatrix.bytes(n);
        return bytes >= 1e12 ? String.format(Locale.ROOT, "%.1f TB", bytes / 1e12)
                : bytes >= 1e9 ? String.format(Locale.ROOT, "%.1f GB", bytes / 1e9)
                : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
