package org.landscape.slice;

import java.nio.ByteBuffer;
import java.util.Locale;
import org.landscape.data.Dataset;
import org.landscape.model.Activation;
import org.landscape.model.Architecture;
import org.landscape.model.Loss;
import org.landscape.model.Network;
import org.landscape.util.BlockJob;

/**
 * {@link Slices#planeWithAccuracy}'s grid as blocks of rows ({@link Slices#planeJob}): block k is the rows of the b
 * axis from {@code k * rowsPerBlock}, each point computed by the same evaluator with the same first-layer choice, so
 * the finished job's {loss, accuracy} surfaces are the single call's, bit for bit. A block comes back as its points'
 * losses then accuracies, in row-major order.
 */
public final class PlaneJob implements BlockJob<Surface[]> {
    private static final long serialVersionUID = 1L;

    private final String architecture;
    private final Activation activation;
    private final Loss loss;
    private final boolean biases;
    private final Dataset data;
    private final Plane plane;
    private final Axis a, b;
    private final int rowsPerBlock;
    private final boolean share;

    private final transient String key;
    private final transient Surface[] pair;

    PlaneJob(Network net, Dataset data, Plane plane, Axis a, Axis b, int rowsPerBlock, boolean share, String key,
             Surface[] pair) {
        this.architecture = net.architecture().toString();
        this.activation = net.activation();
        this.loss = net.lossKind();
        this.biases = net.hasBiases();
        this.data = data;
        this.plane = plane;
        this.a = a;
        this.b = b;
        this.rowsPerBlock = rowsPerBlock;
        this.share = share;
        this.key = key;
        this.pair = pair;
    }

    private int firstRow(int block) {
        return block * rowsPerBlock;
    }

    private int endRow(int block) {
        return Math.min(b.points(), (block + 1) * rowsPerBlock);
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "%d x %d grid (loss, accuracy) in %d blocks", a.points(), b.points(), blocks());
    }

    @Override
    public int blocks() {
        return (b.points() + rowsPerBlock - 1) / rowsPerBlock;
    }

    @Override
    public synchronized boolean isDone(int block) {
        BlockJob.requireDriver(pair != null, "isDone", "Slices.planeJob");
        BlockJob.checkBlock(block, blocks());
        int nx = a.points();
        for (int k = firstRow(block) * nx; k < endRow(block) * nx; k++) {
            if (!pair[0].computed(k) || !pair[1].computed(k)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public byte[] compute(int block) {
        BlockJob.checkBlock(block, blocks());
        Network net = Network.builder(Architecture.parse(architecture)).activation(activation).loss(loss)
                .biases(biases).build();
        PlaneEvaluator evaluator = new PlaneEvaluator(net, data, plane, share);
        int nx = a.points(), first = firstRow(block) * nx, count = (endRow(block) - firstRow(block)) * nx;
        ByteBuffer out = ByteBuffer.allocate(2 * count * Double.BYTES);
        double[] losses = new double[count], accuracies = new double[count];
        for (int p = 0; p < count; p += PlaneEvaluator.POINTS_PER_PASS) {
            int n = Math.min(PlaneEvaluator.POINTS_PER_PASS, count - p);
            double[] xs = new double[n], ys = new double[n];
            for (int q = 0; q < n; q++) {
                xs[q] = a.value((first + p + q) % nx);
                ys[q] = b.value((first + p + q) / nx);
            }
            double[][] v = evaluator.evaluate(xs, ys);
            System.arraycopy(v[0], 0, losses, p, n);
            System.arraycopy(v[1], 0, accuracies, p, n);
        }
        out.asDoubleBuffer().put(losses).put(accuracies);
        return out.array();
    }

    @Override
    public synchronized boolean accept(int block, byte[] result) {
        BlockJob.requireDriver(pair != null, "accept", "Slices.planeJob");
        if (isDone(block)) {
            return false;
        }
        int nx = a.points(), first = firstRow(block) * nx, count = (endRow(block) - firstRow(block)) * nx;
        if (result == null || result.length != 2 * count * Double.BYTES) {
            throw new IllegalArgumentException("block " + block + " of " + describe() + " needs " + 2 * count
                    + " numbers, got " + (result == null ? "none" : result.length / Double.BYTES));
        }
        java.nio.DoubleBuffer in = ByteBuffer.wrap(result).asDoubleBuffer();
        for (int q = 0; q < count; q++) {
            pair[0].set(first + q, in.get(q));
            pair[1].set(first + q, in.get(count + q));
        }
        return true;
    }

    @Override
    public synchronized Surface[] finish() {
        BlockJob.requireDriver(pair != null, "finish", "Slices.planeJob");
        requireAllDone();
        return pair.clone();
    }

    /** Keeps the points computed so far for the next call of this grid, planeWithAccuracy's or a new job's. */
    @Override
    public synchronized void interrupted() {
        BlockJob.requireDriver(pair != null, "interrupted", "Slices.planeJob");
        Slices.keepInterrupted(key, pair);
    }



    @Override
    public String toString() {
        return describe();
    }
}
