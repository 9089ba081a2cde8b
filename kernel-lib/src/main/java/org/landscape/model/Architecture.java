package org.landscape.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * An architecture A = (d_0, d_1, ..., d_{L+1}) (Definition 12.1): input width, L hidden widths, output width.
 * Its parameter count is n_A = sum_{l=0..L} d_{l+1} (d_l + 1): a weight matrix and a bias vector per layer.
 */
public final class Architecture {
    private final int[] widths;

    private Architecture(int[] widths) {
        if (widths.length < 2) {
            throw new IllegalArgumentException("an architecture needs at least an input and an output width, got "
                    + Arrays.toString(widths));
        }
        for (int i = 0; i < widths.length; i++) {
            if (widths[i] < 1) {
                throw new IllegalArgumentException("width d_" + i + " must be >= 1, got " + widths[i]);
            }
        }
        this.widths = widths.clone();
    }

    /** A = (d_0, ..., d_{L+1}). */
    public static Architecture of(int... widths) {
        return new Architecture(widths);
    }

    /**
     * The architecture {@link #toString} prints, e.g. "(3-4-1)" (the parentheses may be left out): how result files
     * keep it. Anything else is refused saying what was expected.
     */
    public static Architecture parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.startsWith("(") && t.endsWith(")")) {
            t = t.substring(1, t.length() - 1);
        }
        try {
            return of(Arrays.stream(t.split("-", -1)).map(String::trim).mapToInt(Integer::parseInt).toArray());
        } catch (IllegalArgumentException e) { // NumberFormatException too
            throw new IllegalArgumentException("'" + text + "' is not an architecture such as (3-4-1): "
                    + e.getMessage(), e);
        }
    }

    /** Input width d0, {@code depth} hidden layers of {@code width} units, output width. */
    public static Architecture uniform(int inputWidth, int width, int depth, int outputWidth) {
        int[] widths = new int[depth + 2];
        Arrays.fill(widths, width);
        widths[0] = inputWidth;
        widths[depth + 1] = outputWidth;
        return new Architecture(widths);
    }

    /** d_l for l = 0..L+1. */
    public int width(int l) {
        return widths[l];
    }

    public int[] widths() {
        return widths.clone();
    }

    /** L, the number of hidden layers. */
    public int hiddenLayers() {
        return widths.length - 2;
    }

    /** The number of affine maps, L + 1. */
    public int layers() {
        return widths.length - 1;
    }

    public int inputWidth() {
        return widths[0];
    }

    public int outputWidth() {
        return widths[widths.length - 1];
    }

    /** n_A = sum d_{l+1} (d_l + 1), the book's count (weights and biases). */
    public long parameterCount() {
        return parameterCount(true);
    }

    /** The count with or without the biases. */
    public long parameterCount(boolean withBiases) {
        long n = 0;
        for (int l = 0; l + 1 < widths.length; l++) {
            n += (long) widths[l + 1] * (widths[l] + (withBiases ? 1 : 0));
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Architecture && Arrays.equals(widths, ((Architecture) o).widths);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(widths);
    }

    @Override
    public String toString() {
        return Arrays.stream(widths).mapToObj(Integer::toString).collect(Collectors.joining("-", "(", ")"));
    }
}
