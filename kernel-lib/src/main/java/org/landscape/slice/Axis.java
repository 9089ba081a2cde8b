package org.landscape.slice;

import java.util.Locale;

/** One axis of a slice: {@code points} evenly spaced values from {@code min} to {@code max}. */
public final class Axis {
    private final String name;
    private final double min;
    private final double max;
    private final int points;

    private Axis(String name, double min, double max, int points) {
        if (!(Double.isFinite(min) && Double.isFinite(max) && min < max)) {
            throw new IllegalArgumentException("axis '" + name + "' needs finite min < max, got " + min + ", " + max);
        }
        if (points < 2) {
            throw new IllegalArgumentException("axis '" + name + "' needs at least 2 points, got " + points);
        }
        this.name = name;
        this.min = min;
        this.max = max;
        this.points = points;
    }

    public static Axis of(String name, double min, double max, int points) {
        return new Axis(name, min, max, points);
    }

    public String name() {
        return name;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    public int points() {
        return points;
    }

    /** The i-th value, min + i (max - min) / (points - 1). */
    public double value(int i) {
        return i == points - 1 ? max : min + i * (max - min) / (points - 1);
    }

    public double[] values() {
        double[] v = new double[points];
        for (int i = 0; i < points; i++) {
            v[i] = value(i);
        }
        return v;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s in [%g, %g], %d points", name, min, max, points);
    }
}
