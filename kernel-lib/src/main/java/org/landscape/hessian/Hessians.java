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
     * The matrix of a finite-difference Hessian operator, symmetrised. Its asymmetry before symmetrising is the
     * finite-difference error; more than 1e-6 of the largest entry means the loss is not smooth enough at theta
     * (e.g. a ReLU kink within the step) and is refused.
     */
    public static DenseMatrix dense(HessianVectorProduct h) {
        return DenseMatrix.assemble(h, "the finite-difference Hessian (if the network uses ReLU, a kink may lie within "
                + "the step: move theta slightly or use a smaller step)", 0);
    }

    /** The Hessian of {@code risk} at {@code theta}, as Hessian-vector products. */
    public static HessianVectorProduct operator(Risk risk, double[] theta) {
        return HessianVectorProduct.at(risk, theta);
    }

    /** The full Hessian of {@code risk} at {@code theta} (n products; for small networks). */
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
