package org.landscape.adapt;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.landscape.train.Trajectory;

/**
 * A DL4J {@code TrainingListener} that records the model's parameters during one's own {@code fit()}: the start
 * (before the first update) and then every {@code every} iterations, into a {@link Trajectory} (memory-bounded: at
 * most {@code maxSnapshots} vectors are held; when full, every other one is dropped and the interval doubles). The
 * snapshots are DL4J's flat parameter vectors in double, batch-norm running statistics included, so each is a point
 * a {@link Dl4jModel} of the same network can evaluate, and {@code Slices.pcaPlane(model, trajectory.matrix(), n)}
 * gives the PCA plane with the path ({@code trajectory.onto(surface.plane())}).
 *
 * <pre>{@code
 * TrajectoryListener path = new TrajectoryListener(10, 200);
 * net.addListeners(path);
 * net.fit(iterator, epochs);
 * Trajectory t = path.trajectory();
 * }</pre>
 */
public final class TrajectoryListener extends BaseTrainingListener {
    private final Trajectory trajectory;
    private long iterations;
    private boolean started;

    public TrajectoryListener(long every, int maxSnapshots) {
        if (every < 1) {
            throw new IllegalArgumentException("every must be >= 1 iteration, got " + every);
        }
        if (maxSnapshots < 2) {
            throw new IllegalArgumentException("maxSnapshots must be >= 2 (the start and at least one more), got "
                    + maxSnapshots);
        }
        this.trajectory = new Trajectory(every, maxSnapshots);
    }

    @Override
    public synchronized void onEpochStart(Model model) {
        if (!started) {
            trajectory.force(0, model.params().toDoubleVector());
            started = true;
        }
    }

    @Override
    public synchronized void iterationDone(Model model, int iteration, int epoch) {
        iterations++;
        // the parameters are copied only on the iterations the trajectory keeps
        if (iterations % trajectory.interval() == 0) {
            trajectory.offer(iterations, model.params().toDoubleVector());
        }
    }

    /** Records the model's parameters now (e.g. the end of training, if it fell between intervals). */
    public synchronized void recordNow(Model model) {
        trajectory.force(iterations, model.params().toDoubleVector());
    }

    /** The parameters recorded so far (the trajectory itself: later iterations add to it). */
    public synchronized Trajectory trajectory() {
        return trajectory;
    }

    /** Iterations seen so far. */
    public synchronized long iterations() {
        return iterations;
    }

    @Override
    public synchronized String toString() {
        return "trajectory listener: " + trajectory + ", " + iterations + " iterations seen";
    }
}
