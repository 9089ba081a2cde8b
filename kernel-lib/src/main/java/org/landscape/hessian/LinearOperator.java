package org.landscape.hessian;

import java.util.function.UnaryOperator;
import org.landscape.model.ParameterLayout;

/**
 * A symmetric n x n matrix known only through its products v -> A v. The Hessian of a network with a million
 * parameters would need 8 TB as a dense matrix, but a product H v costs about two gradients: every solver here
 * (Lanczos, power iteration, traces, spectral densities) needs nothing else. Curvature operators (the Hessian, its
 * Gauss-Newton part H0 and residual part H1) are operators apart from the solvers: any of them can be restricted to
 * a layer or any parameter subset ({@link #restrictedTo}) and, when small, made a matrix ({@link #dense()}).
 */
public interface LinearOperator {
    /** n, the length of the vectors it takes and gives. */
    int dimension();

    /** A v. Implementations refuse a vector whose length is not {@link #dimension()}. */
    double[] apply(double[] v);

    /**
     * The n x n matrix of this operator: A applied to the unit vectors, checked for symmetry (asymmetry above 1e-6 of
     * the largest entry is refused: the operator is not symmetric, or a finite difference crossed a kink) and
     * symmetrised. Refuses, with its size in MB, a matrix that would not fit.
     */
    default DenseMatrix dense() {
        return DenseMatrix.assemble(this, "the operator's matrix", 0);
    }

    /**
     * P^T A P for the parameters {@code indices} (distinct, in 0..n-1): the operator on the subspace of those
     * coordinates, e.g. one layer's block of the Hessian. Each product costs one product of A.
     */
    default LinearOperator restrictedTo(int... indices) {
        int n = dimension();
        if (indices == null || indices.length == 0) {
            throw new IllegalArgumentException("indices must name at least one of the " + n + " coordinates");
        }
        int[] at = indices.clone();
        boolean[] seen = new boolean[n];
        for (int i : at) {
            if (i < 0 || i >= n) {
                throw new IllegalArgumentException("index " + i + " is not a coordinate of this operator (0.." + (n - 1)
                        + ")");
            }
            if (seen[i]) {
                throw new IllegalArgumentException("index " + i + " is named twice: indices must be distinct");
            }
            seen[i] = true;
        }
        LinearOperator full = this;
        return of(at.length, v -> {
            double[] x = new double[n];
            for (int k = 0; k < at.length; k++) {
                x[at[k]] = v[k];
            }
            double[] y = Vectors.checkedProduct(full, x);
            double[] r = new double[at.length];
            for (int k = 0; k < at.length; k++) {
                r[k] = y[at[k]];
            }
            return r;
        });
    }

    /** The operator on one layer's parameters (its weights, then its biases), e.g. {@code restrictedTo(layout.layer(1))}. */
    default LinearOperator restrictedTo(ParameterLayout.Layer layer) {
        if (layer == null) {
            throw new IllegalArgumentException("layer must not be null");
        }
        int[] indices = new int[layer.end() - layer.weightOffset];
        for (int k = 0; k < indices.length; k++) {
            indices[k] = layer.weightOffset + k;
        }
        return restrictedTo(indices);
    }

    /** An operator from a function, e.g. {@code LinearOperator.of(n, v -> ...)}; vectors are checked first. */
    static LinearOperator of(int dimension, UnaryOperator<double[]> product) {
        return of(dimension, product, null);
    }

    /** The same, described as {@code description} in messages (its toString). */
    static LinearOperator of(int dimension, UnaryOperator<double[]> product, String description) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
        }
        return new LinearOperator() {
            @Override
            public int dimension() {
                return dimension;
            }

            @Override
            public double[] apply(double[] v) {
                Vectors.check("v", v, dimension);
                return product.apply(v);
            }

            @Override
            public String toString() {
                return description != null ? description : "a linear operator of dimension " + dimension;
            }
        };
    }

    /** a A + b B, one product of each per product (the lambda-scaled Hessian H0 + lambda H1 is one). */
    static LinearOperator combination(double a, LinearOperator first, double b, LinearOperator second) {
        if (first.dimension() != second.dimension()) {
            throw new IllegalArgumentException("the operators have dimensions " + first.dimension() + " and "
                    + second.dimension() + ": only operators of the same dimension can be added");
        }
        return of(first.dimension(), v -> {
            double[] x = first.apply(v);
            double[] y = second.apply(v);
            for (int i = 0; i < x.length; i++) {
                x[i] = a * x[i] + b * y[i];
            }
            return x;
        });
    }
}
