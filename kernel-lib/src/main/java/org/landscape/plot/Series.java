package org.landscape.plot;

/**
 * One named series for the one-line charts of {@link Plots}: x and y for scatter and line charts, or just the
 * values for a histogram.
 */
public record Series(String name, double[] x, double[] y) {
    public Series {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a series needs a name");
        }
        if (y == null || y.length == 0 || (x != null && x.length != y.length)) {
            throw new IllegalArgumentException("series '" + name + "': x and y must be non-empty and of equal length, got "
                    + (x == null ? "no x" : x.length) + " and " + (y == null ? "null" : y.length));
        }
    }

    /** Points (x[i], y[i]). */
    public static Series of(String name, double[] x, double[] y) {
        return new Series(name, x, y);
    }

    /** Values without x, for a histogram. */
    public static Series values(String name, double[] values) {
        return new Series(name, null, values);
    }
}
