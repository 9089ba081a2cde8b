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
     * <p>If the cell is interrupted, the network keeps the parameters of the last completed epoch and the
     * interruption says which; the run's history is not kept, and running the cell again starts a new run from
     * those parameters (no momentum or Adam state carried over).
     */
    public TrainingRun train(Network net, Dataset train) {
        if (test != null && (test.inputWidth() != train.inputWidth() || test.outputWidth() != train.outputWidth())) {
            throw new IllegalArgumentException("test set '" + test.name() + "' does not match the training set's widths");
        }
        if (recordEvery < 1) {
            throw new IllegalArgumentException("recordEvery must be >= 1 step, got " + recordEvery);
        }
        if (maxSnapshots < 2) {
            throw new IllegalArgumentException("maxSnapshots must be >= 2 (the start and the end), got " + maxSnapshots);
        }
        long started = System.nanoTime();
        Risk risk = Risk.of(net, train);
        Risk testRisk = test == null ? null : Risk.of(net, test);
        boolean classifier = train.outputWidth() > 1;
        double[] theta = net.parameters();
        int n = theta.length;
        int m = train.size();
        int batch = batchSize == 0 || batchSize > m ? m : batchSize;
        int stepsPerEpoch = (m + batch - 1) / batch;
        // Full-batch: each evaluation of the training loss also takes the gradient there, which the next step uses,
        // so a step costs one pass (the updates are those of the textbook loop, bit for bit).
        boolean fullBatch = batch == m;
        double[] gradient = new double[n];
        double[] velocity = new double[n];
        double[] second = method == Method.ADAM ? new double[n] : null;
        Trajectory trajectory = new Trajectory(recordEvery, maxSnapshots);
        double[] trainLoss = new double[epochs + 1], testLoss = new double[epochs + 1];
        double[] trainAcc = new double[epochs + 1], testAcc = new double[epochs + 1];
        Arrays.fill(trainLoss, Double.NaN);
        Arrays.fill(testLoss, Double.NaN);
        Arrays.fill(trainAcc, Double.NaN);
        Arrays.fill(testAcc, Double.NaN);
        evaluate(net, theta, risk, testRisk, classifier, train, 0, trainLoss, trainAcc, testLoss, testAcc,
                fullBatch ? gradient : null);
        double blowUp = 1e6 * Math.max(trainLoss[0], 1e-300);
        trajectory.force(0, theta);
        Random random = new Random(seed);
        int[] order = new int[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        String divergence = null;
        boolean stoppedEarly = false;
        double best = Double.POSITIVE_INFINITY;
        double[] bestTheta = null;
        double[] epochTheta = theta.clone(); // the parameters at the end of the last completed epoch
        int sinceBest = 0;
        long step = 0;
        long epochStep = 0;
        int completed = 0;
        double rate = learningRate;
        String unit = stepsPerEpoch == 1 ? "steps" : "epochs";
        Progress bar = progress ? Progress.start(name + " (" + unit + ")", epochs) : null;
        try {
            for (int epoch = 1; epoch <= epochs && divergence == null; epoch++) {
                if (stepsPerEpoch > 1) {
                    shuffle(order, random);
                }
                for (int s = 0; s < stepsPerEpoch; s++) {
                    int from = s * batch, to = Math.min(m, from + batch);
                    Risk batchRisk = batch == m ? risk : risk.rows(Arrays.copyOfRange(order, from, to));
                    // full batch: the last evaluation already gave the loss and gradient at theta
                    double value = fullBatch ? trainLoss[epoch - 1] : batchRisk.valueAndGradient(theta, gradient);
                    if (!Double.isFinite(value) || !allFinite(gradient)) {
                        divergence = "at epoch " + epoch + ", step " + (step + 1) + " (loss " + value + ")";
                        break;
                    }
                    step++;
                    update(theta, gradient, velocity, second, rate, step);
                    trajectory.offer(step, theta);
                }
                if (divergence == null && !allFinite(theta)) {
                    divergence = "at epoch " + epoch + " (the parameters overflowed)";
                }
                if (divergence == null) {
                    evaluate(net, theta, risk, testRisk, classifier, train, epoch, trainLoss, trainAcc, testLoss, testAcc,
                            fullBatch ? gradient : null);
                    if (!Double.isFinite(trainLoss[epoch]) || trainLoss[epoch] > blowUp) {
                        divergence = "at epoch " + epoch + " (training loss " + trainLoss[epoch] + ", started at "
                                + trainLoss[0] + ")";
                    } else {
                        completed = epoch;
                        epochStep = step;
                        System.arraycopy(theta, 0, epochTheta, 0, n);
                    }
                }
                rate *= decay;
                if (bar != null) {
                    try {
                        bar.step();
                    } catch (java.util.concurrent.CancellationException e) {
                        net.setParameters(epochTheta);
                        throw new java.util.concurrent.CancellationException(name + " interrupted after " + completed
                                + " of " + epochs + " " + unit + ": the network keeps the parameters of " + unit
                                .substring(0, unit.length() - 1) + " " + completed + "; running the cell again starts a "
                                + "new run from there (the history and optimiser state are not kept)");
                    }
                }
                if (patience > 0 && divergence == null) {
                    double monitored = test != null ? testLoss[epoch] : trainLoss[epoch];
                    if (monitored < best - minDelta) {
                        best = monitored;
                        bestTheta = theta.clone();
                        sinceBest = 0;
                    } else if (++sinceBest >= patience) {
                        stoppedEarly = true;
                        break;
                    }
                }
            }
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
        int done = completed;
        // A diverged run ends at its last completed epoch: its parameters match its last recorded loss.
        double[] last = stoppedEarly && bestTheta != null ? bestTheta : epochTheta;
        net.setParameters(last);
        trajectory.force(stoppedEarly ? step : epochStep, last);
        return new TrainingRun(name, Arrays.copyOf(trainLoss, done + 1), Arrays.copyOf(testLoss, done + 1),
                Arrays.copyOf(trainAcc, done + 1), Arrays.copyOf(testAcc, done + 1), trajectory,
                last.clone(), divergence, stoppedEarly, (System.nanoTime() - started) / 1e9, stepsPerEpoch == 1);
    }

    private static boolean allFinite(double[] v) {
        for (double x : v) {
            if (!Double.isFinite(x)) {
                return false;
            }
        }
        return true;
    }

    private void update(double[] theta, double[] gradient, double[] velocity, double[] second, double rate, long step) {
        if (method == Method.SGD) {
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

    private void evaluate(Network net, double[] theta, Risk risk, Risk testRisk, boolean classifier, Dataset train,
                          int epoch, double[] trainLoss, double[] trainAcc, double[] testLoss, double[] testAcc,
                          double[] gradient) {
        trainLoss[epoch] = gradient == null ? risk.value(theta) : risk.valueAndGradient(theta, gradient);
        if (testRisk != null) {
            testLoss[epoch] = testRisk.value(theta);
        }
        if (classifier) {
            net.setParameters(theta);
            trainAcc[epoch] = net.accuracy(train);
            if (test != null) {
                testAcc[epoch] = net.accuracy(test);
            }
        }
    }

    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
