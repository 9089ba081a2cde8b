package org.landscape.plot;

import java.util.ArrayList;
import java.util.List;

/**
 * Level sets {f = c} of a function sampled on a grid, by marching squares. XChart draws no contours, so the
 * library traces them itself. Segments are in grid-index coordinates (i along x, j along y, fractional).
 */
public final class Contours {
    private Contours() {
    }

    /** The segments {x1, y1, x2, y2} of the level {@code level} of {@code values[j][i]}; cells touching NaN are skipped. */
    public static List<double[]> segments(double[][] values, double level) {
        List<double[]> out = new ArrayList<>();
        int ny = values.length, nx = values[0].length;
        for (int j = 0; j + 1 < ny; j++) {
            for (int i = 0; i + 1 < nx; i++) {
                double v00 = values[j][i], v10 = values[j][i + 1], v01 = values[j + 1][i], v11 = values[j + 1][i + 1];
                if (Double.isNaN(v00) || Double.isNaN(v10) || Double.isNaN(v01) || Double.isNaN(v11)) {
                    continue;
                }
                // Crossings on the edges bottom (00-10), right (10-11), top (01-11), left (00-01), or null.
                double[] bottom = cross(i, j, v00, i + 1, j, v10, level);
                double[] right = cross(i + 1, j, v10, i + 1, j + 1, v11, level);
                double[] top = cross(i, j + 1, v01, i + 1, j + 1, v11, level);
                double[] left = cross(i, j, v00, i, j + 1, v01, level);
                List<double[]> hits = new ArrayList<>(4);
                for (double[] p : new double[][]{bottom, right, top, left}) {
                    if (p != null) {
                        hits.add(p);
                    }
                }
                if (hits.size() == 2) {
                    out.add(new double[]{hits.get(0)[0], hits.get(0)[1], hits.get(1)[0], hits.get(1)[1]});
                } else if (hits.size() == 4) {
                    // Saddle cell: the centre value decides which opposite corners are joined.
                    boolean centreAbove = (v00 + v10 + v01 + v11) / 4 >= level;
                    if (centreAbove == (v00 >= level)) {
                        out.add(join(bottom, right));
                        out.add(join(top, left));
                    } else {
                        out.add(join(bottom, left));
                        out.add(join(right, top));
                    }
                }
            }
        }
        return out;
    }

    private static double[] join(double[] a, double[] b) {
        return new double[]{a[0], a[1], b[0], b[1]};
    }

    private static double[] cross(double xa, double ya, double va, double xb, double yb, double vb, double level) {
        if ((va >= level) == (vb >= level)) {
            return null;
        }
        double t = (level - va) / (vb - va);
        return new double[]{xa + t * (xb - xa), ya + t * (yb - ya)};
    }
}
