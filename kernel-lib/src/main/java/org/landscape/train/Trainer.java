package org.landscape.train;

import java.util.Arrays;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.landscape.data.Dataset;
import org.landscape.model.Network;
import org.landscape.notebook.Progress;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

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
        this.recordEvery = steps;
        return this;
    }

    public Trainer maxSnapshots(int maxSnapshots) {
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
        this.patience = patience;
        this.minDelta = minDelta;
        return this;
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

    /** Trains {@code net} on {@code train}; a NaN or infinite loss ends the run and is reported, not thrown. */
    public TrainingRun train(Network net, Dataset train) {
        if (test != null && (test.inputWidth() != train.inputWidth() || test.outputWidth() != train.outputWidth())) {
            throw new IllegalArgumentException("test set '" + test.name() + "' does not match the training set's widths");
        }
        long started = System.nanoTime();
        MultiLayerNetwork dl4j = net.dl4j();
        INDArray theta = dl4j.params(); // a view: updating it updates the network
        int n = (int) theta.length();
        int m = train.size();
        int batch = batchSize == 0 || batchSize > m ? m : batchSize;
        int stepsPerEpoch = (m + batch - 1) / batch;
        INDArray velocity = Nd4j.zeros(theta.dataType(), theta.shape());
        INDArray second = method == Method.ADAM ? Nd4j.zeros(theta.dataType(), theta.shape()) : null;
        Trajectory trajectory = new Trajectory(recordEvery, maxSnapshots);
        double[] trainLoss = new double[epochs + 1], testLoss = new double[epochs + 1];
        double[] trainAcc = new double[epochs + 1], testAcc = new double[epochs + 1];
        Arrays.fill(trainLoss, Double.NaN);
        Arrays.fill(testLoss, Double.NaN);
        Arrays.fill(trainAcc, Double.NaN);
        Arrays.fill(testAcc, Double.NaN);
        evaluate(net, train, 0, trainLoss, trainAcc, testLoss, testAcc);
        trajectory.force(0, theta.toDoubleVector());
        Random random = new Random(seed);
        int[] order = new int[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        String divergence = null;
        boolean stoppedEarly = false;
        double best = Double.POSITIVE_INFINITY;
        double[] bestTheta = null;
        int sinceBest = 0;
        long step = 0;
        int completed = 0;
        double rate = learningRate;
        Progress bar = progress ? Progress.start(name, epochs) : null;
        try {
            for (int epoch = 1; epoch <= epochs && divergence == null; epoch++) {
                shuffle(order, random);
                for (int s = 0; s < stepsPerEpoch; s++) {
                    int from = s * batch, to = Math.min(m, from + batch);
                    int[] rows = Arrays.copyOfRange(order, from, to);
                    INDArray x = batch == m ? train.features() : train.features().getRows(rows);
                    INDArray y = batch == m ? train.labels() : train.labels().getRows(rows);
                    dl4j.setInput(x);
                    dl4j.setLabels(y);
                    dl4j.computeGradientAndScore();
                    INDArray gradient = dl4j.getFlattenedGradients().reshape(theta.shape()).div(to - from); // DL4J sums over the batch
                    if (!Double.isFinite(dl4j.score()) || !Double.isFinite(gradient.sumNumber().doubleValue())) {
                        divergence = "at epoch " + epoch + ", step " + (step + 1) + " (loss " + dl4j.score() + ")";
                        break;
                    }
                    step++;
                    update(theta, gradient, velocity, second, rate, step);
                    trajectory.offer(step, theta.toDoubleVector());
                }
                dl4j.clear();
                if (divergence == null) {
                    evaluate(net, train, epoch, trainLoss, trainAcc, testLoss, testAcc);
                    completed = epoch;
                    if (!Double.isFinite(trainLoss[epoch])) {
                        divergence = "at epoch " + epoch + " (training loss " + trainLoss[epoch] + ")";
                    }
                }
                rate *= decay;
                if (bar != null) {
                    bar.step();
                }
                if (patience > 0 && divergence == null) {
                    double monitored = test != null ? testLoss[epoch] : trainLoss[epoch];
                    if (monitored < best - minDelta) {
                        best = monitored;
                        bestTheta = theta.toDoubleVector();
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
        if (stoppedEarly && bestTheta != null) {
            net.setParameters(bestTheta);
        }
        trajectory.force(step, theta.toDoubleVector());
        return new TrainingRun(name, Arrays.copyOf(trainLoss, done + 1), Arrays.copyOf(testLoss, done + 1),
                Arrays.copyOf(trainAcc, done + 1), Arrays.copyOf(testAcc, done + 1), trajectory,
                theta.toDoubleVector(), divergence, stoppedEarly, (System.nanoTime() - started) / 1e9);
    }

    private void update(INDArray theta, INDArray gradient, INDArray velocity, INDArray second, double rate, long step) {
        if (method == Method.SGD) {
            // v <- momentum v - rate g;  theta <- theta + v
            velocity.muli(momentum).subi(gradient.mul(rate));
            theta.addi(velocity);
        } else {
            double b1 = 0.9, b2 = 0.999, eps = 1e-8;
            velocity.muli(b1).addi(gradient.mul(1 - b1));
            second.muli(b2).addi(gradient.mul(gradient).muli(1 - b2));
            double c1 = 1 - Math.pow(b1, step), c2 = 1 - Math.pow(b2, step);
            INDArray denominator = Transforms.sqrt(second.div(c2), true).addi(eps);
            theta.subi(velocity.div(c1).divi(denominator).muli(rate));
        }
    }

    private void evaluate(Network net, Dataset train, int epoch, double[] trainLoss, double[] trainAcc,
                          double[] testLoss, double[] testAcc) {
        trainLoss[epoch] = net.loss(train);
        trainAcc[epoch] = net.accuracy(train);
        if (test != null) {
            testLoss[epoch] = net.loss(test);
            testAcc[epoch] = net.accuracy(test);
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
