package org.landscape.plot;

/**
 * Values on a rectangular grid, as the heatmap and 3-D views draw them. Results such as a slice's surface implement
 * it, so the drawing code depends on no result type.
 */
public interface Grid {
    /** What the values are (e.g. "training loss"). */
    String quantity();

    /** values()[i][j] at the i-th x and j-th y grid point; NaN where not computed. */
    double[][] values();

    /** The smallest computed value. */
    double min();

    /** The largest computed value. */
    double max();

    /** How many grid points hold a value. */
    int computedPoints();

    String xName();

    String yName();

    double xMin();

    double xMax();

    double yMin();

    double yMax();
}
