package org.landscape.train;

import java.util.ArrayList;
import java.util.List;
import org.landscape.slice.Pca;
import org.landscape.slice.Plane;
import org.landscape.slice.Projection;

/**
 * The parameters theta^(1), theta^(2), ... visited during training, recorded every k steps. Memory is bounded:
 * when {@code maxSnapshots} are held, every other one is dropped and the recording interval doubles, so a long
 * run keeps an evenly thinned record (at most maxSnapshots x n doubles). Not a displayed result itself (it is
 * vectors of every parameter): look at it through {@link #onto} (a {@link Projection}, which shows as a path and
 * has a table) or {@link #pca}.
 */
public final class Trajectory {
    private final int maxSnapshots;
    private final List<double[]> snapshots = new ArrayList<>();
    private final List<Long> steps = new ArrayList<>();
    private long interval;

    public Trajectory(long interval, int maxSnapshots) {
        if (interval < 1) {
            throw new IllegalArgumentException("interval must be >= 1 step, got " + interval);
        }
        if (maxSnapshots < 2) {
            throw new IllegalArgumentException("maxSnapshots must be >= 2, got " + maxSnapshots);
        }
        this.interval = interval;
        this.maxSnapshots = maxSnapshots;
    }

    /** Offers theta after {@code step} steps; kept if the step falls on the current interval. */
    public void offer(long step, double[] theta) {
        if (step % interval != 0) {
            return;
        }
        snapshots.add(theta.clone());
        steps.add(step);
        if (snapshots.size() >= maxSnapshots) {
            interval *= 2;
            for (int i = snapshots.size() - 1; i >= 0; i--) {
                if (steps.get(i) % interval != 0) {
                    snapshots.remove(i);
                    steps.remove(i);
                }
            }
        }
    }

    /** Records theta regardless of the interval (the start and the end of training). */
    public void force(long step, double[] theta) {
        if (!steps.isEmpty() && steps.get(steps.size() - 1) == step) {
            return;
        }
        snapshots.add(theta.clone());
        steps.add(step);
    }

    public int size() {
        return snapshots.size();
    }

    public double[] snapshot(int i) {
        return snapshots.get(i).clone();
    }

    public long step(int i) {
        return steps.get(i);
    }

    public double[] first() {
        return snapshot(0);
    }

    public double[] last() {
        return snapshot(size() - 1);
    }

    /** One row per snapshot. */
    public double[][] matrix() {
        double[][] m = new double[size()][];
        for (int i = 0; i < size(); i++) {
            m[i] = snapshots.get(i).clone();
        }
        return m;
    }

    /** The top {@code k} principal components of the snapshots (their plane: {@code pca(2).plane()}). */
    public Pca pca(int k) {
        return Pca.of(matrix(), k);
    }

    /** The snapshots projected onto {@code plane}: coordinates to draw as a path on a slice of that plane. */
    public Projection onto(Plane plane) {
        return plane.project(matrix());
    }

    /** The current recording interval in steps. */
    public long interval() {
        return interval;
    }

    @Override
    public String toString() {
        return "trajectory of " + size() + " snapshots, every " + interval + " steps";
    }
}
