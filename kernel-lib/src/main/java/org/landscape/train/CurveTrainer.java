package org.landscape.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CancellationException;
import org.landscape.data.Dataset;
import org.landscape.display.Display;
import org.landscape.display.Progress;
import org.landscape.model.Network;
import org.landscape.model.Risk;
import org.landscape.slice.Axis;
import org.landscape.slice.Curve;
import org.landscape.slice.Metric;
import org.landscape.slice.ModeCurve;
import org.landscape.slice.Slices;
import org.landscape.util.Fingerprint;
import org.landscape.util.SavedFile;

/**
 * Trains the bend of a curve between two solutions (Garipov et al. 2018): minimises the expected loss along the curve,
 * E_{t ~ U(0, 1)} L(curve(t)), by stochastic gradients. Each minibatch draws its own t; the loss and its gradient at
 * curve(t) come from {@link Risk}, and by the chain rule the gradient with respect to the bend C is w_C(t) grad
 * L(curve(t)) ({@link ModeCurve#weights}). The ends stay where they are. Then the loss and accuracy along the trained
 * curve and along the straight line are measured on the training set (and on {@link #test} if given).
 *
 * <pre>{@code
 * CurveRun run = CurveTrainer.sgd(0.05).momentum(0.9).batchSize(128).epochs(20).seed(1)
 *         .train(net, train, ModeCurve.bezier(thetaA, thetaB));
 * run          // loss along the curve and along the line
 * }</pre>
 *
 * <p><b>Same seed, same numbers; interrupted, it resumes.</b> Epoch e's minibatch order and t's come from a generator
 * seeded by (seed, e), so the run is a function of its settings. Interrupting the cell stops it at the end of an
 * epoch; the same call again (same settings, network, data and curve) goes on from there, bit for bit the
 * uninterrupted run, from the kernel's memory (the last {@value #KEPT} interrupted runs) or, with {@link #saveTo},
 * from a {@link SavedFile} written every {@value #SAVE_SECONDS} s, when interrupted and when done, so a new kernel
 * continues too. A file of other settings is refused saying what differs; a damaged one is moved aside as
 * {@code .corrupt} and the run starts over.
 */
public final class CurveTrainer {
    static final int KEPT = 4;
    static final int SAVE_SECONDS = 30;
    private static final java.util.Map<String, State> INTERRUPTED = new java.util.LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, State> eldest) {
            return size() > KEPT;
        }
    };

    private final boolean adam;
    private final double learningRate;
    private double momentum;
    private double decay = 1;
    private int batchSize = 128;
    private int epochs = 20;
    private long seed;
    private int points = 61;
    private Dataset test;
    private boolean progress = true;
    private String name;
    private Path saveFile;

    private CurveTrainer(boolean adam, double learningRate) {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a positive number, got " + learningRate);
        }
        this.adam = adam;
        this.learningRate = learningRate;
    }

    /** SGD on the bend (the paper's optimiser); add {@link #momentum}. */
    public static CurveTrainer sgd(double learningRate) {
        return new CurveTrainer(false, learningRate);
    }

    /** Adam on the bend (beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8, as {@link Trainer#adam}). */
    public static CurveTrainer adam(double learningRate) {
        return new CurveTrainer(true, learningRate);
    }

    public CurveTrainer momentum(double momentum) {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        this.momentum = momentum;
        return this;
    }

    /** The learning rate is multiplied by {@code factor} after every epoch. */
    public CurveTrainer decay(double factor) {
        if (!(factor > 0 && factor <= 1)) {
            throw new IllegalArgumentException("decay factor must be in (0, 1], got " + factor);
        }
        this.decay = factor;
        return this;
    }

    /** Examples per step, each step at its own t; 0 means the whole training set. */
    public CurveTrainer batchSize(int batchSize) {
        if (batchSize < 0) {
            throw new IllegalArgumentException("batchSize must be >= 0 (0 = full batch), got " + batchSize);
        }
        this.batchSize = batchSize;
        return this;
    }

    public CurveTrainer epochs(int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        this.epochs = epochs;
        return this;
    }

    /** Seeds the minibatch order and the t's: the same seed gives the same run. */
    public CurveTrainer seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Points along the curve and the line at which the result measures loss and accuracy (default 61). */
    public CurveTrainer points(int points) {
        if (points < 3) {
            throw new IllegalArgumentException("points must be >= 3 (the ends and one point between), got " + points);
        }
        this.points = points;
        return this;
    }

    /** A held-out set: the result also measures loss and accuracy along both paths on it. */
    public CurveTrainer test(Dataset test) {
        this.test = test;
        return this;
    }

    public CurveTrainer progress(boolean progress) {
        this.progress = progress;
        return this;
    }

    public CurveTrainer name(String name) {
        this.name = name;
        return this;
    }

    /** Saves the run's state to {@code file} as it goes, and continues from it when it exists (see the class comment). */
    public CurveTrainer saveTo(Path file) {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null: give the path of the curve's checkpoint");
        }
        this.saveFile = file;
        return this;
    }

    /** Everything that decides the trained bend: a saved or interrupted state is only used by an equal one. */
    public Fingerprint fingerprint(Network net, Dataset train, ModeCurve curve) {
        return Fingerprint.of("curve training").add("method", adam ? "ADAM" : "SGD").add("learning rate", learningRate)
                .add("momentum", momentum).add("decay", decay).add("batch size", batchSize).add("epochs", epochs)
                .add("seed", seed).add("network", net.toString()).add("data", train.fingerprint())
                .add("shape", curve.shape().name()).add("A", curve.start()).add("C", curve.bend())
                .add("B", curve.end()).build();
    }

    /** Trains the bend of {@code curve} (its ends are two solutions of {@code net}'s architecture) on {@code train}. */
    public CurveRun train(Network net, Dataset train, ModeCurve curve) {
        if (net == null || train == null || curve == null) {
            throw new IllegalArgumentException((net == null ? "net" : train == null ? "train" : "curve") + " must not be null");
        }
        if (curve.dimension() != net.parameterCount()) {
            throw new IllegalArgumentException("the curve lives in R^" + curve.dimension() + " but " + net + " has "
                    + net.parameterCount() + " parameters: its ends must be parameters of this network");
        }
        net.checkData(train);
        if (test != null) {
            net.checkData(test);
        }
        long started = System.nanoTime();
        Risk risk = Risk.of(net, train);
        int m = train.size();
        int batch = batchSize == 0 || batchSize > m ? m : batchSize;
        int stepsPerEpoch = (m + batch - 1) / batch;
        Fingerprint fingerprint = fingerprint(net, train, curve);
        String key = fingerprint.digest();
        State st;
        synchronized (INTERRUPTED) {
            st = INTERRUPTED.remove(key);
        }
        if (st == null) {
            st = restore(fingerprint, curve.dimension());
        }
        int restored = st == null ? 0 : st.completed;
        if (st == null) {
            st = new State(curve.bend(), adam, epochs, learningRate);
        }
        String label = (name == null ? curve.shape().toString() : name) + " (epochs)";
        long lastSave = System.nanoTime();
        String divergence = null;
        double[] gradient = new double[curve.dimension()];
        try (Progress bar = progress ? Progress.resume(label, epochs, st.completed) : null) {
            while (st.completed < epochs && divergence == null) {
                int epoch = st.completed + 1;
                Random random = new Random(seed * 0x9E3779B97F4A7C15L + epoch);
                int[] order = new int[m];
                for (int i = 0; i < m; i++) {
                    order[i] = i;
                }
                Trainer.shuffle(order, random);
                double[] bend = st.bend.clone();
                double[] velocity = st.velocity.clone(), second = st.second == null ? null : st.second.clone();
                long step = st.step;
                double sum = 0;
                for (int s = 0; s < stepsPerEpoch && divergence == null; s++) {
                    int from = s * batch, to = Math.min(m, from + batch);
                    Risk batchRisk = batch == m ? risk : risk.rows(Arrays.copyOfRange(order, from, to));
                    double t = random.nextDouble();
                    double value = batchRisk.valueAndGradient(curve.withBend(bend).point(t), gradient);
                    if (!Double.isFinite(value)) {
                        divergence = "at epoch " + epoch + ", step " + (s + 1) + " (loss " + value + " at t = " + t + ")";
                        break;
                    }
                    double w = curve.bendWeight(t);
                    for (int i = 0; i < gradient.length; i++) {
                        gradient[i] *= w;
                    }
                    Trainer.update(adam, momentum, bend, gradient, velocity, second, st.rate, ++step);
                    sum += value;
                }
                if (divergence != null || !Trainer.allFinite(bend)) {
                    divergence = divergence != null ? divergence : "at epoch " + epoch + " (the bend overflowed)";
                    break;
                }
                // the epoch is complete: only now does the state move on (an interruption keeps whole epochs)
                st.bend = bend;
                st.velocity = velocity;
                st.second = second;
                st.step = step;
                st.history[epoch - 1] = sum / stepsPerEpoch;
                st.rate *= decay;
                st.completed = epoch;
                if (saveFile != null && System.nanoTime() - lastSave > SAVE_SECONDS * 1_000_000_000L) {
                    save(fingerprint, st);
                    lastSave = System.nanoTime();
                }
                if (bar != null) {
                    try {
                        bar.step();
                    } catch (CancellationException e) {
                        st.seconds += (System.nanoTime() - started) / 1e9;
                        throw interrupted(key, fingerprint, st);
                    }
                }
            }
        }
        st.seconds += (System.nanoTime() - started) / 1e9;
        if (saveFile != null) {
            save(fingerprint, st);
        }
        ModeCurve trained = curve.withBend(st.bend);
        Axis t = Axis.of("t", 0, 1, points);
        boolean classifier = train.outputWidth() > 1;
        Curve[] onTrain = measure(net, train, curve, trained, t, classifier);
        Curve[] onTest = test == null ? null : measure(net, test, curve, trained, t, classifier);
        return new CurveRun(name == null ? trained.shape() + " between two solutions" : name, trained,
                Arrays.copyOf(st.history, st.completed), onTrain, onTest, divergence, restored, st.seconds);
    }

    /** {line loss, curve loss, line accuracy, curve accuracy} (accuracies null for one output). */
    private static Curve[] measure(Network net, Dataset data, ModeCurve initial, ModeCurve trained, Axis t,
                                   boolean classifier) {
        Curve lineLoss = Slices.line(net, data, initial.start(), initial.end(), t, Metric.LOSS);
        Curve curveLoss = Slices.along(net, data, trained, t, Metric.LOSS);
        if (!classifier) {
            return new Curve[]{lineLoss, curveLoss, null, null};
        }
        return new Curve[]{lineLoss, curveLoss, Slices.line(net, data, initial.start(), initial.end(), t, Metric.ACCURACY),
                Slices.along(net, data, trained, t, Metric.ACCURACY)};
    }

    /** What a run carries from one epoch to the next. */
    private static final class State {
        double[] bend, velocity, second;
        final double[] history;
        double rate, seconds;
        int completed;
        long step;

        State(double[] bend, boolean adam, int epochs, double rate) {
            this.bend = bend;
            this.velocity = new double[bend.length];
            this.second = adam ? new double[bend.length] : null;
            this.history = new double[epochs];
            Arrays.fill(history, Double.NaN);
            this.rate = rate;
        }
    }

    private CancellationException interrupted(String key, Fingerprint fingerprint, State st) {
        synchronized (INTERRUPTED) {
            INTERRUPTED.put(key, st);
        }
        String where = "in this kernel";
        if (saveFile != null) {
            save(fingerprint, st);
            where += " and in " + saveFile;
        }
        return new CancellationException((name == null ? "curve training" : name) + " interrupted after " + st.completed
                + " of " + epochs + " epochs: the bend, its optimiser state and the history are kept " + where
                + "; running the same call again resumes from there");
    }

    private void save(Fingerprint fingerprint, State st) {
        SavedFile.write(saveFile, fingerprint, out -> {
            out.writeInt(st.completed);
            out.writeLong(st.step);
            out.writeDouble(st.rate);
            out.writeDouble(st.seconds);
            out.writeBoolean(st.second != null);
            for (int i = 0; i < st.bend.length; i++) {
                out.writeDouble(st.bend[i]);
                out.writeDouble(st.velocity[i]);
                if (st.second != null) {
                    out.writeDouble(st.second[i]);
                }
            }
            for (double h : st.history) {
                out.writeDouble(h);
            }
        });
    }

    /** The saved state of this very run, if {@link #saveTo} names a usable file; null to start afresh. */
    private State restore(Fingerprint fingerprint, int n) {
        if (saveFile == null) {
            return null;
        }
        try {
            return SavedFile.read(saveFile, fingerprint, in -> {
                int completed = in.readInt();
                if (completed < 0 || completed > epochs) {
                    throw new IOException("inconsistent epoch count " + completed);
                }
                State st = new State(new double[n], adam, epochs, learningRate);
                st.completed = completed;
                st.step = in.readLong();
                st.rate = in.readDouble();
                st.seconds = in.readDouble();
                if (in.readBoolean() != adam) {
                    throw new IOException("saved for another optimiser");
                }
                for (int i = 0; i < n; i++) {
                    st.bend[i] = in.readDouble();
                    st.velocity[i] = in.readDouble();
                    if (adam) {
                        st.second[i] = in.readDouble();
                    }
                }
                for (int e = 0; e < epochs; e++) {
                    st.history[e] = in.readDouble();
                }
                return st;
            });
        } catch (SavedFile.Unusable e) {
            switch (e.problem()) {
                case MISSING:
                    return null;
                case FOREIGN:
                    throw new IllegalArgumentException("saveTo: " + e.getMessage(), e);
                default:
                    Path aside = SavedFile.moveAside(saveFile);
                    Display.show("The saved curve training could not be used (" + e.getMessage() + "); it was moved to "
                            + aside.getFileName() + " and the training starts over.");
                    return null;
            }
        }
    }
}
