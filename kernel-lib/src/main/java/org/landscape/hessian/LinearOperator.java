package org.landscape.hessian;

import java.util.function.UnaryOperator;

/**
 * A symmetric n x n matrix known only through its products v -> A v. The Hessian of a network with a million
 * parameters would need 8 TB as a dense matrix, but a product H v costs about two gradients: every solver here
 * (Lanczos, power iteration, traces, spectral densities) needs nothing else.
 */
public interface LinearOperator {
    /** n, the length of the vectors it takes and gives. */
    int dimension();

    /** A v. Implementations refuse a vector whose length is not {@link #dimension()}. */
    double[] apply(double[] v);

    /** An operator from a function, e.g. {@code LinearOperator.of(n, v -> ...)}; vectors are checked first. */
    static LinearOperator of(int dimension, UnaryOperator<double[]> product) {
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
