package org.landscape.data;

import java.util.Random;

/** The small synthetic sets the book's experiments use. */
public final class Synthetic {
    private Synthetic() {
    }

    /**
     * Figure 12.2's kind of data: inputs x ~ N(0, I_5) and a scalar target y = teacher(x), where the teacher is a
     * fixed random tanh network 5 -> {@code teacherWidth} -> 1 (weights N(0, 1/fan-in)), so a perfect fit exists.
     */
    public static Dataset teacher(int samples, int teacherWidth, long seed) {
        return teacher(samples, 5, teacherWidth, seed);
    }

    public static Dataset teacher(int samples, int inputWidth, int teacherWidth, long seed) {
        positive("samples", samples);
        positive("inputWidth", inputWidth);
        positive("teacherWidth", teacherWidth);
        fits("Synthetic.teacher", samples, inputWidth, 1);
        Random random = new Random(seed);
        double[][] w1 = gaussian(random, teacherWidth, inputWidth, 1 / Math.sqrt(inputWidth));
        double[][] w2 = gaussian(random, 1, teacherWidth, 1 / Math.sqrt(teacherWidth));
        double[][] x = gaussian(random, samples, inputWidth, 1);
        double[][] y = new double[samples][1];
        for (int i = 0; i < samples; i++) {
            double out = 0;
            for (int h = 0; h < teacherWidth; h++) {
                double pre = 0;
                for (int j = 0; j < inputWidth; j++) {
                    pre += w1[h][j] * x[i][j];
                }
                out += w2[0][h] * Math.tanh(pre);
            }
            y[i][0] = out;
        }
        return Dataset.of("teacher (" + inputWidth + "-d inputs, tanh width " + teacherWidth + ")", x, y);
    }

    /**
     * The teacher's data with Gaussian label noise of standard deviation {@code noise} added to every target, so that
     * even the best fit leaves errors (the noise is drawn from its own generator, seeded {@code seed + 1}).
     */
    public static Dataset teacher(int samples, int inputWidth, int teacherWidth, double noise, long seed) {
        if (!(noise >= 0)) {
            throw new IllegalArgumentException("noise must be >= 0 (a standard deviation), got " + noise);
        }
        Dataset clean = teacher(samples, inputWidth, teacherWidth, seed);
        double[][] y = clean.labels().toDoubleMatrix();
        Random random = new Random(seed + 1);
        for (double[] row : y) {
            row[0] += noise * random.nextGaussian();
        }
        return Dataset.of(clean.name() + " + noise " + noise, clean.features().toDoubleMatrix(), y);
    }

    /**
     * Two interleaved half-moons in the plane with Gaussian noise, labels one-hot over 2 classes:
     * a small 2-D classification set that no linear model separates.
     */
    public static Dataset twoMoons(int samples, double noise, long seed) {
        positive("samples", samples);
        if (!(noise >= 0)) {
            throw new IllegalArgumentException("noise must be >= 0, got " + noise);
        }
        fits("Synthetic.twoMoons", samples, 2, 2);
        Random random = new Random(seed);
        double[][] x = new double[samples][2];
        double[][] y = new double[samples][2];
        for (int i = 0; i < samples; i++) {
            int label = i % 2;
            double t = Math.PI * random.nextDouble();
            x[i][0] = (label == 0 ? Math.cos(t) : 1 - Math.cos(t)) + noise * random.nextGaussian();
            x[i][1] = (label == 0 ? Math.sin(t) : 0.5 - Math.sin(t)) + noise * random.nextGaussian();
            y[i][label] = 1;
        }
        return Dataset.of("two moons (noise " + noise + ")", x, y);
    }

    /** {@code samples} points with x uniform on [lo, hi] and y = f(x) + noise N(0, noise^2): a 1-D regression set. */
    public static Dataset curve(int samples, double lo, double hi, java.util.function.DoubleUnaryOperator f, double noise,
                                long seed) {
        positive("samples", samples);
        checkRange(lo, hi, noise);
        fits("Synthetic.curve", samples, 1, 1);
        Random random = new Random(seed);
        double[][] x = new double[samples][1], y = new double[samples][1];
        for (int i = 0; i < samples; i++) {
            x[i][0] = lo + (hi - lo) * random.nextDouble();
            y[i][0] = f.applyAsDouble(x[i][0]) + noise * random.nextGaussian();
        }
        return Dataset.of(samples + " points of a curve on [" + lo + ", " + hi + "]" + (noise > 0 ? " + noise " + noise : ""), x, y);
    }

    /** {@code samples} evenly spaced x from lo to hi (both included) and y = f(x), no noise. */
    public static Dataset evenly(int samples, double lo, double hi, java.util.function.DoubleUnaryOperator f) {
        if (samples < 2) {
            throw new IllegalArgumentException("samples must be >= 2 (both ends), got " + samples);
        }
        checkRange(lo, hi, 0);
        fits("Synthetic.evenly", samples, 1, 1);
        double[][] x = new double[samples][1], y = new double[samples][1];
        for (int i = 0; i < samples; i++) {
            x[i][0] = i == samples - 1 ? hi : lo + (hi - lo) * i / (samples - 1);
            y[i][0] = f.applyAsDouble(x[i][0]);
        }
        return Dataset.of(samples + " evenly spaced points on [" + lo + ", " + hi + "]", x, y);
    }

    /** Inputs x ~ N(0, I) in {@code inputWidth} dimensions with labels y ~ N(0, 1) independent of x: nothing to learn. */
    public static Dataset randomLabels(int samples, int inputWidth, long seed) {
        positive("samples", samples);
        positive("inputWidth", inputWidth);
        fits("Synthetic.randomLabels", samples, inputWidth, 1);
        Random random = new Random(seed);
        double[][] x = new double[samples][inputWidth], y = new double[samples][1];
        for (int i = 0; i < samples; i++) {
            for (int j = 0; j < inputWidth; j++) {
                x[i][j] = random.nextGaussian();
            }
            y[i][0] = random.nextGaussian();
        }
        return Dataset.of(samples + " points, random labels", x, y);
    }

    private static void checkRange(double lo, double hi, double noise) {
        if (!(Double.isFinite(lo) && Double.isFinite(hi) && lo < hi)) {
            throw new IllegalArgumentException("need finite lo < hi, got " + lo + ", " + hi);
        }
        if (!(noise >= 0) || !Double.isFinite(noise)) {
            throw new IllegalArgumentException("noise must be a finite number >= 0, got " + noise);
        }
    }

    static double[][] gaussian(Random random, int rows, int cols, double std) {
        double[][] a = new double[rows][cols];
        for (double[] row : a) {
            for (int j = 0; j < cols; j++) {
                row[j] = std * random.nextGaussian();
            }
        }
        return a;
    }

    /**
     * Refuses, before allocating, a set whose arrays would not fit the heap: the double[][] features and labels
     * (plus their row headers) and the data set's own copy of them.
     */
    static void fits(String call, int samples, int inputWidth, int outputWidth) {
        long perRow = 2L * (Double.BYTES * ((long) inputWidth + outputWidth) + 32);
        org.landscape.util.Memory.require(samples * perRow, call + " with " + samples + " samples of "
                + inputWidth + " inputs", "use fewer samples (a few thousand are plenty for these experiments) or start "
                + "the kernel with a larger -Xmx");
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
    }
}
