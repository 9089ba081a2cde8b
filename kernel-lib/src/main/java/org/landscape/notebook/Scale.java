package org.landscape.notebook;

import java.util.Locale;

/**
 * How big a notebook's experiments are: {@code ci} finishes in minutes on 2 cores (the test suite, Binder),
 * {@code full} is the scale of the source. Read from {@code LANDSCAPE_SCALE}; {@code ci} when unset.
 */
public enum Scale {
    CI, FULL;

    public static final String VARIABLE = "LANDSCAPE_SCALE";

    public static Scale fromEnvironment() {
        String value = System.getProperty(VARIABLE, System.getenv(VARIABLE));
        return parse(value);
    }

    static Scale parse(String value) {
        if (value == null || value.isBlank()) {
            return CI;
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "ci":
                return CI;
            case "full":
                return FULL;
            default:
                throw new IllegalArgumentException(VARIABLE + "='" + value + "' is not a scale: use 'ci' or 'full'");
        }
    }

    /** {@code ci} or {@code full}'s value, whichever this scale is. */
    public <T> T pick(T ci, T full) {
        return this == CI ? ci : full;
    }

    public int pick(int ci, int full) {
        return this == CI ? ci : full;
    }

    public double pick(double ci, double full) {
        return this == CI ? ci : full;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
