package org.landscape.train;

import java.util.Arrays;
import java.util.Random;
import org.landscape.data.Dataset;
import org.landscape.model.Network;
import org.landscape.model.Risk;
import org.landscape.display.Progress;

/**
 * Minibatch training with SGD (with momentum) or Adam, learning-rate decay per epoch, a seed for the minibatch
 * order, the trajectory recorded every k steps, and early stopping. Updates theta in place in the network.
 *
 * <pre>{@code
 * TrainingRun run = Trainer.sgd(0.05).momentum(0.9).batchSize(32).epochs(50).recordEvery(10).seed(1)
 *         .test(split.test()).train(net, split.train());
 * run          // training curves
 * }</pre>
 */
public final class Trainer {
    private enum Method { SGD, ADAM }

    private final Method method;
    private final double learningRate;
    private double momentum;
    private double decay = 1;
    private int batchSize = 32;
    private int epochs = 10;
    private long seed;
    private long recordEvery = 1;
    private int maxSnapshots = 400;
    private int patience;
    private double minDelta;
    private Dataset test;
    private boolean progress = true;
    private String name = "training";

    private Trainer(Method method, double learningRate) {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a positive number, got " + learningRate);
        }
        this.method = method;
        this.learningRate = learningRate;
    }

    /** Plain stochastic gradient descent; add {@link #momentum(double)} for heavy-ball momentum. */
    public static Trainer sgd(double learningRate) {
        return new Trainer(Method.SGD, learningRate);
    }

    /**
     * Full-batch gradient descent, theta <- theta - rate grad R_S(theta), for {@link #steps} steps: each epoch is one
     * step on the whole training set.
     */
    public static Trainer gradientDescent(double learningRate) {
        return new Trainer(Method.SGD, learningRate).batchSize(0);
    }

    /** For full-batch training ({@code batchSize(0)}): the number of steps, one per epoch. */
    public Trainer steps(int steps) {
        if (batchSize != 0) {
            throw new IllegalArgumentException("steps(n) counts full-batch steps; with minibatches of " + batchSize
                    + " use epochs(n), or batchSize(0) first");
        }
        return epochs(steps);
    }

    /** Adam with beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8. */
    public static Trainer adam(double learningRate) {
        return new Trainer(Method.ADAM, learningRate);
    }

    public Trainer momentum(double momentum) {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        this.momentum = momentum;
        return this;
    }

    /** The learning rate is multiplied by {@code factor} after every epoch. */
    public Trainer decay(double factor) {
        if (!(factor > 0 && factor <= 1)) {
            throw new IllegalArgumentException("decay factor must be in (0, 1], got " + factor);
        }
        this.decay = factor;
        return this;
    }

    /** Examples per step; 0 means the whole training set (full-batch gradient descent). */
    public Trainer batchSize(int batchSize) {
        if (batchSize < 0) {
            throw new IllegalArgumentException("batchSize must be >= 0 (0 = full batch), got " + batchSize);
        }
        this.batchSize = batchSize;
        return this;
    }

    public Trainer epochs(int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        this.epochs = epochs;
        return this;
    }

    /** Seeds the minibatch order: the same seed and starting theta give the same run. */
    public Trainer seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Records theta every {@code steps} steps (thinned to at most {@code maxSnapshots}, default 400). */
    public Trainer recordEvery(long steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("recordEvery must be >= 1 step, got " + steps);
        }
        this.recordEvery = steps;
        return this;
    }

    public Trainer maxSnapshots(int maxSnapshots) {
        if (maxSnapshots < 2) {
            throw new IllegalArgumentException("maxSnapshots must be >= 2 (the start and the end), got " + maxSnapshots);
        }
        this.maxSnapshots = maxSnapshots;
        return this;
    }

    /**
     * Stops when the monitored loss (test if given, else train) has not improved by {@code minDelta} for
     * {@code patience} epochs, and restores the best theta.
     */
    public Trainer earlyStopping(int patience, double minDelta) {
        if (patience < 1) {
            throw new IllegalArgumentException("patience must be >= 1 epoch, got " + patience);
        }
        if (!(minDelta >= 0) || !Double.isFinite(minDelta)) {
            throw new IllegalArgumentException("minDelta must be a finite number >= 0 (the improvement that counts), got "
                    + minDelta + "; use 0 to count any improvement");
        }
        this.patience = patience;
        this.minDelta = minDelta;
        return this;
    }

    /**
     * Every setting that changes what training computes, for saved results: the method, rate, momentum, decay, batch
     * size, epochs, recording, early stopping and the test set's digest (the seed, name and progress bar are left
     * out: an ensemble records each run's own seed).
     */
    public org.landscape.util.Fingerprint fingerprint() {
        org.landscape.util.Fingerprint.Builder b = org.landscape.util.Fingerprint.of("trainer")
                .add("method", method.name()).add("learning rate", learningRate).add("momentum", momentum)
                .add("decay", decay).add("batch size", batchSize).add("epochs", epochs)
                .add("record every", recordEvery).add("max snapshots", maxSnapshots)
                .add("early stopping patience", patience).add("early stopping min delta", minDelta);
        if (test == null) {
            b.add("test", "none");
        } else {
            b.add("test", test.fingerprint());
        }
        return b.build();
    }

    /** A held-out set evaluated after every epoch. */
    public Trainer test(Dataset test) {
        this.test = test;
        return this;
    }

    /** Whether to show a progress bar over epochs (ensembles turn it off for their runs). */
    public Trainer progress(boolean progress) {
        this.progress = progress;
        return this;
    }

    public Trainer name(String name) {
        this.name = name;
        return this;
    }

    /**
     * Trains {@code net} on {@code train}; a NaN or infinite loss, or a loss that grows a million-fold above its
     * start, ends the run and is reported, not thrown. Losses are evaluated through the engine ({@link Risk});
     * accuracies, for networks with several outputs, through DL4J once per epoch.
     *
     * <p>If the cell is interrupted, the network keeps the parameters of the last completed epoch, and the run's
     * state (history, trajectory, momentum or Adam moments, the minibatch order's generator) is kept in the kernel:
     * the same call run again (same trainer settings, network with those parameters, data) goes on from the next
     * epoch and gives the run an uninterrupted call would have given, bit for bit. The last {@value #KEPT}
     * interrupted runs are kept; anything else starts a new run.
     */
    public TrainingRun train(Network net, Dataset train) {
        if (net == null || train == null) {
            throw new IllegalArgumentException((net == null ? "net" : "train") + " must not be null");
        }
        if (test != null && (test.inputWidth() != train.inputWidth() || test.outputWidth() != train.outputWidth())) {
            throw new IllegalArgumentException("test set '" + test.name() + "' does not match the training set's widths");
        }
        long started = System.nanoTime();
        Risk risk = Risk.of(net, train);
        Risk testRisk = test == null ? null : Risk.of(net, test);
        boolean classifier = train.outputWidth() > 1;
        int m = train.size();
        int batch = batchSize == 0 || batchSize > m ? m : batchSize;
        int stepsPerEpoch = (m + batch - 1) / batch;
        // Full-batch: each evaluation of the training loss also takes the gradient there, which the next step uses,
        // so a step costs one pass (the updates are those of the textbook loop, bit for bit).
        boolean fullBatch = batch == m;
        State st = resumed(net, train);
        if (st == null) {
            st = new State(net.parameters(), epochs, method == Method.ADAM, recordEvery, maxSnapshots, seed, m);
            evaluate(st.theta, risk, testRisk, classifier, 0, st.trainLoss, st.trainAcc, st.testLoss,
                    st.testAcc, fullBatch ? st.gradient : null);
            st.blowUp = 1e6 * Math.max(st.trainLoss[0], 1e-300);
            st.rate = learningRate;
            st.trajectory.force(0, st.theta);
        }
        double[] theta = st.theta;
        int n = theta.length;
        String divergence = null;
        boolean stoppedEarly = false;
        String unit = stepsPerEpoch == 1 ? "steps" : "epochs";
        Progress bar = progress ? Progress.resume(name + " (" + unit + ")", epochs, st.completed) : null;
        try {
            for (int epoch = st.completed + 1; epoch <= epochs && divergence == null; epoch++) {
                if (stepsPerEpoch > 1) {
                    shuffle(st.order, st.random);
                }
                for (int s = 0; s < stepsPerEpoch; s++) {
                    int from = s * batch, to = Math.min(m, from + batch);
                    Risk batchRisk = batch == m ? risk : risk.rows(Arrays.copyOfRange(st.order, from, to));
                    // full batch: the last evaluation already gave the loss and gradient at theta
                    double value = fullBatch ? st.trainLoss[epoch - 1] : batchRisk.valueAndGradient(theta, st.gradient);
                    if (!Double.isFinite(value) || !allFinite(st.gradient)) {
                        divergence = "at epoch " + epoch + ", step " + (st.step + 1) + " (loss " + value + ")";
                        break;
                    }
                    st.step++;
                    update(theta, st.gradient, st.velocity, st.second, st.rate, st.step);
                    st.trajectory.offer(st.step, theta);
                }
                if (divergence == null && !allFinite(theta)) {
                    divergence = "at epoch " + epoch + " (the parameters overflowed)";
                }
                if (divergence == null) {
                    evaluate(theta, risk, testRisk, classifier, epoch, st.trainLoss, st.trainAcc,
                            st.testLoss, st.testAcc, fullBatch ? st.gradient : null);
                    if (!Double.isFinite(st.trainLoss[epoch]) || st.trainLoss[epoch] > st.blowUp) {
                        divergence = "at epoch " + epoch + " (training loss " + st.trainLoss[epoch] + ", started at "
                                + st.trainLoss[0] + ")";
                    } else {
                        st.completed = epoch;
                        st.epochStep = st.step;
                        System.arraycopy(theta, 0, st.epochTheta, 0, n);
                    }
                }
                st.rate *= decay;
                boolean stop = false;
                if (patience > 0 && divergence == null) {
                    double monitored = test != null ? st.testLoss[epoch] : st.trainLoss[epoch];
                    if (monitored < st.best - minDelta) {
                        st.best = monitored;
                        st.bestTheta = theta.clone();
                        st.sinceBest = 0;
                    } else if (++st.sinceBest >= patience) {
                        stop = true;
                    }
                }
                if (bar != null) {
                    try {
                        bar.step();
                    } catch (java.util.concurrent.CancellationException e) {
                        net.setParameters(st.epochTheta);
                        st.seconds += (System.nanoTime() - started) / 1e9;
                        throw interrupted(net, train, st, unit, divergence == null && !stop); // after the last epoch too: run again, it returns the run
                    }
                }
                if (stop) {
                    stoppedEarly = true;
                    break;
                }
            }
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
        int done = st.completed;
        // A diverged run ends at its last completed epoch: its parameters match its last recorded loss.
        double[] last = stoppedEarly && st.bestTheta != null ? st.bestTheta : st.epochTheta;
        net.setParameters(last);
        st.trajectory.force(stoppedEarly ? st.step : st.epochStep, last);
        double seconds = st.seconds + (System.nanoTime() - started) / 1e9;
        return new TrainingRun(name, Arrays.copyOf(st.trainLoss, done + 1), Arrays.copyOf(st.testLoss, done + 1),
                Arrays.copyOf(st.trainAcc, done + 1), Arrays.copyOf(st.testAcc, done + 1), st.trajectory,
                last.clone(), divergence, stoppedEarly, seconds, stepsPerEpoch == 1);
    }

    /** Interrupted runs kept in the kernel, so that running the same call again resumes them. */
    static final int KEPT = 4;
    private static final java.util.Map<String, State> INTERRUPTED = new java.util.LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, State> eldest) {
            return size() > KEPT;
        }
    };

    /** Everything a run carries from one epoch to the next: what an interrupted run keeps. */
    private static final class State {
        final double[] theta, epochTheta, gradient, velocity, second;
        final double[] trainLoss, testLoss, trainAcc, testAcc;
        final Trajectory trajectory;
        final Random random;
        final int[] order;
        double blowUp, rate, best = Double.POSITIVE_INFINITY, seconds;
        double[] bestTheta;
        int sinceBest, completed;
        long step, epochStep;

        State(double[] theta, int epochs, boolean adam, long recordEvery, int maxSnapshots, long seed, int m) {
            this.theta = theta;
            this.epochTheta = theta.clone();
            this.gradient = new double[theta.length];
            this.velocity = new double[theta.length];
            this.second = adam ? new double[theta.length] : null;
            this.trainLoss = nans(epochs + 1);
            this.testLoss = nans(epochs + 1);
            this.trainAcc = nans(epochs + 1);
            this.testAcc = nans(epochs + 1);
            this.trajectory = new Trajectory(recordEvery, maxSnapshots);
            this.random = new Random(seed);
            this.order = new int[m];
            for (int i = 0; i < m; i++) {
                order[i] = i;
            }
        }

        private static double[] nans(int n) {
            double[] a = new double[n];
            Arrays.fill(a, Double.NaN);
            return a;
        }
    }

    /** What identifies one run: every setting (seed and name too), the network and its theta now, the data. */
    private String key(Network net, Dataset train, double[] theta) {
        return org.landscape.util.Fingerprint.of("interrupted training").add("trainer", fingerprint())
                .add("seed", seed).add("name", name).add("network", net.toString()).add("theta", theta)
                .add("data", train.fingerprint()).build().digest();
    }

    private State resumed(Network net, Dataset train) {
        synchronized (INTERRUPTED) {
            if (INTERRUPTED.isEmpty()) {
                return null; // nothing to resume: no need to digest the data
            }
        }
        String key = key(net, train, net.parameters());
        synchronized (INTERRUPTED) {
            return INTERRUPTED.remove(key);
        }
    }

    private java.util.concurrent.CancellationException interrupted(Network net, Dataset train, State st, String unit,
                                                                    boolean keep) {
        String one = unit.substring(0, unit.length() - 1);
        String next;
        if (keep) {
            // theta goes on from the end of the last completed epoch (a partial epoch cannot be interrupted)
            System.arraycopy(st.epochTheta, 0, st.theta, 0, st.theta.length);
            synchronized (INTERRUPTED) {
                INTERRUPTED.put(key(net, train, st.epochTheta), st);
            }
            next = "running the same call again resumes from there (the history and optimiser state are kept in "
                    + "this kernel)";
        } else {
            next = "the run had ended, so running the cell again starts a new run from there";
        }
        return new java.util.concurrent.CancellationException(name + " interrupted after " + st.completed + " of "
                + epochs + " " + unit + ": the network keeps the parameters of " + one + " " + st.completed + "; " + next);
    }

    static boolean allFinite(double[] v) {
        for (double x : v) {
            if (!Double.isFinite(x)) {
                return false;
            }
        }
        return true;
    }

    private void update(double[] theta, double[] gradient, double[] velocity, double[] second, double rate, long step) {
        update(method == Method.ADAM, momentum, theta, gradient, velocity, second, rate, step);
    }

    /** One optimiser step in place (also {@link CurveTrainer}'s, on a curve's bend): SGD with momentum, or Adam. */
    static void update(boolean adam, double momentum, double[] theta, double[] gradient, double[] velocity,
                       double[] second, double rate, long step) {
        if (!adam) {
            // v <- momentum v - rate g;  theta <- theta + v
            for (int i = 0; i < theta.length; i++) {
                velocity[i] = momentum * velocity[i] - rate * gradient[i];
                theta[i] += velocity[i];
            }
        } else {
            double b1 = 0.9, b2 = 0.999, eps = 1e-8;
            double c1 = 1 - Math.pow(b1, step), c2 = 1 - Math.pow(b2, step);
            for (int i = 0; i < theta.length; i++) {
                velocity[i] = b1 * velocity[i] + (1 - b1) * gradient[i];
                second[i] = b2 * second[i] + (1 - b2) * gradient[i] * gradient[i];
                theta[i] -= rate * (velocity[i] / c1) / (Math.sqrt(second[i] / c2) + eps);
            }
        }
    }

    private void evaluate(double[] theta, Risk risk, Risk testRisk, boolean classifier, int epoch, double[] trainLoss,
                          double[] trainAcc, double[] testLoss, double[] testAcc, double[] gradient) {
        trainLoss[epoch] = gradient == null ? risk.value(theta) : risk.valueAndGradient(theta, gradient);
        if (testRisk != null) {
            testLoss[epoch] = testRisk.value(theta);
        }
        if (classifier) {
            trainAcc[epoch] = risk.accuracy(theta);
            if (testRisk != null) {
                testAcc[epoch] = testRisk.accuracy(theta);
            }
        }
    }

    static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
