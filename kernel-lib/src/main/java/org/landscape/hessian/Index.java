package org.landscape.hessian;

/**
 * The index of a critical point: the number of negative eigenvalues of its Hessian, i.e. of independent directions
 * in which the loss goes down. Index 0 is a minimum (or a degenerate point), index n a maximum, anything in between a
 * saddle. Numerically "negative" needs a tolerance: the paper (Choromanska et al.) sets eigenvalues below 0.001 in
 * magnitude to 0, so the default counts eigenvalues below -0.001.
 */
public final class Index {
    /** The paper's tolerance: eigenvalues with |lambda| < 0.001 count as 0. */
    public static final double PAPER_TOLERANCE = 1e-3;

    private Index() {
    }

    /** Eigenvalues below -{@link #PAPER_TOLERANCE}. */
    public static int count(double[] eigenvalues) {
        return count(eigenvalues, PAPER_TOLERANCE);
    }

    /** Eigenvalues below -tolerance. */
    public static int count(double[] eigenvalues, double tolerance) {
        if (eigenvalues == null) {
            throw new IllegalArgumentException("eigenvalues must not be null");
        }
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance
                    + "; use Index.PAPER_TOLERANCE (0.001) for the paper's convention");
        }
        int c = 0;
        for (double v : eigenvalues) {
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException("an eigenvalue is NaN: the Hessian was not finite");
            }
            if (v < -tolerance) {
                c++;
            }
        }
        return c;
    }

    /** The index divided by the dimension: the fraction of directions that go down (Dauphin et al.'s alpha). */
    public static double fraction(double[] eigenvalues) {
        return fraction(eigenvalues, PAPER_TOLERANCE);
    }

    public static double fraction(double[] eigenvalues, double tolerance) {
        int n = eigenvalues.length;
        if (n == 0) {
            throw new IllegalArgumentException("eigenvalues is empty: the index of a 0-dimensional Hessian is undefined");
        }
        return count(eigenvalues, tolerance) / (double) n;
    }
}
