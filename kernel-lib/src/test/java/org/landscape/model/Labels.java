package org.landscape.model;

/** Test fixture: label matrices for every loss, shared by the tests that compare fast paths with DL4J. */
public final class Labels {
    private Labels() {
    }

    /**
     * Labels for three outputs that suit {@code loss}: one-hot (several on at once for the logistic loss, +-1 for the
     * hinge loss, with an extra real-valued target for the square loss).
     */
    public static double[][] forLoss(int m, Loss loss) {
        double[][] y = new double[m][3];
        for (int i = 0; i < m; i++) {
            y[i][i % 3] = 1;
            if (loss == Loss.LOGISTIC) {
                y[i][(i + 1) % 3] = 1; // several labels may be on at once
            }
            if (loss == Loss.HINGE) {
                for (int k = 0; k < 3; k++) {
                    y[i][k] = y[i][k] == 1 ? 1 : -1;
                }
            }
            if (loss == Loss.SQUARE) {
                y[i][(i + 2) % 3] = 0.5 * Math.sin(i);
            }
        }
        return y;
    }
}
