package org.landscape.slice;

import java.util.Locale;

/** One axis of a slice: {@code points} evenly spaced values from {@code min} to {@code max}. */
public final class Axis implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final String name;
    private final double min;
    private final double max;
    private final int points;

    private Axis(String name, double min, double max, int points) {
        if (!(Double.isFinite(min) && Double.isFinite(max) && min < max && Double.isFinite(max - min))) {
            throw new IllegalArgumentException("axis '" + name + "' needs finite min < max with a finite span max - min, got "
                    + min + ", " + max);
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

    /** Puts this axis into a result file's metadata as {@code key.name}, {@code .min}, {@code .max}, {@code .points}. */
    void describeIn(java.util.Map<String, String> meta, String key) {
        meta.put(key + ".name", name);
        meta.put(key + ".min", Double.toString(min));
        meta.put(key + ".max", Double.toString(max));
        meta.put(key + ".points", Integer.toString(points));
    }

    /** The axis {@link #describeIn} put into a result file's metadata under {@code key}. */
    static Axis read(org.landscape.plot.ResultFile f, String key) {
        String name = f.meta(key + ".name");
        double min = f.metaDouble(key + ".min"), max = f.metaDouble(key + ".max");
        int points = f.metaInt(key + ".points");
        try {
            return new Axis(name, min, max, points);
        } catch (IllegalArgumentException e) {
            throw f.badMeta(key + ".points", e.getMessage());
        }
    }

    /**
     * An axis from {@code min} to {@code max} with at least {@code atLeast} points, on which every one of {@code marks}
     * is a grid point, so values there are computed, not interpolated (e.g. marks 0 and 1 for the plane through three
     * solutions): the smallest such number of points, up to four times {@code atLeast}.
     */
    public static Axis through(String name, double min, double max, int atLeast, double... marks) {
        Axis first = new Axis(name, min, max, Math.max(2, atLeast));
        for (double mark : marks) {
            if (!(mark >= min && mark <= max)) {
                throw new IllegalArgumentException("axis '" + name + "': mark " + mark + " lies outside [" + min + ", "
                        + max + "]; widen the axis");
            }
        }
        for (int points = first.points; points <= 4 * first.points; points++) {
            Axis axis = new Axis(name, min, max, points);
            boolean all = true;
            for (double mark : marks) {
                all &= axis.index(mark) >= 0;
            }
            if (all) {
                return axis;
            }
        }
        throw new IllegalArgumentException("axis '" + name + "': no grid of " + atLeast + " to " + 4 * atLeast
                + " points over [" + min + ", " + max + "] passes through all of " + java.util.Arrays.toString(marks)
                + "; choose min and max so that the marks divide the range in simple ratios");
    }

    /** The index i with value(i) == v (to 1e-9 of the spacing, and then exactly v is used), or -1 if v is no grid point. */
    public int index(double v) {
        double spacing = (max - min) / (points - 1);
        double at = (v - min) / spacing;
        long i = Math.round(at);
        return i >= 0 && i < points && Math.abs(at - i) < 1e-9 ? (int) i : -1;
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
        if (i < 0 || i >= points) {
            throw new IndexOutOfBoundsException("axis '" + name + "' has points 0.." + (points - 1) + ", not " + i);
        }
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
