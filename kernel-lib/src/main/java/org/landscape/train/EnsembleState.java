package org.landscape.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.landscape.data.Dataset;
import org.landscape.model.Activation;
import org.landscape.model.Loss;
import org.landscape.model.Network;
import org.landscape.model.ParameterLayout;
import org.landscape.model.internal.BatchKernels;
import org.landscape.util.Fingerprint;

/**
 * The stacked state of an ensemble: every network's parameters (and velocity) in one array, network k at
 * [k P, (k + 1) P), laid out for the batched products: layer l's weights input-major (row j = input j, its units
 * across, padded with zero units to a multiple of the vector lanes), then its biases. Padded units have zero weights
 * in and out and stay zero: sigma(0) = 0 for every activation, so their values, deltas and gradients are exactly 0.
 * Also the data (as the precision's numbers), each network's minibatch order, progress, divergence and records.
 */
final class EnsembleState {
    final Network template;
    final Activation activation;
    final Loss loss;
    final boolean biases;
    final boolean single;
    final boolean withVelocity;
    final int networks;
    final int layers;
    final int[] in;
    final int[] out;
    final int[] wOff;
    final int[] bOff;
    final int size;   // P, per network (with padding)
    final int d0;
    final int k;
    final int batch;
    final int m;
    final int steps;
    final long firstSeed;
    final int[] recorded;

    final float[] fParams, fVelocity;
    final double[] dParams, dVelocity;
    final float[] fX, fTestX;
    final double[] dX, dTestX;
    final double[] labels, testLabels;
    final int mTest;
    private final String[] trainDigest = new String[2], testDigest = new String[2];
    private String initialDigest;

    final int[] epochsDone;
    final int[] divergedAt;
    final String[] divergence;
    final double[] trainLoss, testLoss, trainError, testError; // [network * R + record]
    private final Random[] random;
    private final int[][] order;
    private final int[] orderEpoch;

    EnsembleState(Network template, Dataset train, Dataset test, int networks, long firstSeed,
                  EnsembleTrainer.Precision precision, boolean withVelocity, int batch, int[] recorded) {
        this.template = template;
        this.activation = template.activation();
        this.loss = template.lossKind();
        this.biases = template.hasBiases();
        this.single = precision == EnsembleTrainer.Precision.FLOAT;
        this.withVelocity = withVelocity;
        this.networks = networks;
        this.firstSeed = firstSeed;
        this.batch = batch;
        this.recorded = recorded.clone();
        int[] widths = template.architecture().widths();
        layers = widths.length - 1;
        int lanes = single ? BatchKernels.floatLanes() : BatchKernels.doubleLanes();
        in = new int[layers];
        out = new int[layers];
        wOff = new int[layers];
        bOff = new int[layers];
        int offset = 0;
        for (int l = 0; l < layers; l++) {
            in[l] = l == 0 ? widths[0] : pad(widths[l], lanes);
            out[l] = pad(widths[l + 1], lanes);
            wOff[l] = offset;
            offset += in[l] * out[l];
            bOff[l] = biases ? offset : -1;
            offset += biases ? out[l] : 0;
        }
        size = offset;
        d0 = widths[0];
        k = widths[layers];
        m = train.size();
        steps = (m + batch - 1) / batch;
        long total = (long) networks * size;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(networks + " networks of " + size + " parameters are more numbers than a "
                    + "Java array holds: train fewer networks at a time");
        }
        fParams = single ? new float[(int) total] : null;
        dParams = single ? null : new double[(int) total];
        fVelocity = single && withVelocity ? new float[(int) total] : null;
        dVelocity = !single && withVelocity ? new double[(int) total] : null;
        double[] x = flat(train.features());
        labels = flat(train.labels());
        trainDigest[0] = digest(x);
        trainDigest[1] = digest(labels);
        fX = single ? toFloat(x) : null;
        dX = single ? null : x;
        if (test != null) {
            double[] tx = flat(test.features());
            testLabels = flat(test.labels());
            testDigest[0] = digest(tx);
            testDigest[1] = digest(testLabels);
            fTestX = single ? toFloat(tx) : null;
            dTestX = single ? null : tx;
            mTest = test.size();
        } else {
            testLabels = null;
            fTestX = null;
            dTestX = null;
            mTest = 0;
        }
        int r = recorded.length;
        epochsDone = new int[networks];
        divergedAt = new int[networks];
        divergence = new String[networks];
        trainLoss = nan(networks * r);
        testLoss = nan(networks * r);
        trainError = nan(networks * r);
        testError = nan(networks * r);
        random = new Random[networks];
        order = new int[networks][];
        orderEpoch = new int[networks];
    }

    /**
     * What an ensemble allocates: the stacked parameters (and velocity), the minibatch orders, the data in the
     * precision's numbers and as doubles while it is read, the records and each worker's buffers.
     */
    static long bytes(Network template, Dataset train, Dataset test, int networks, EnsembleTrainer.Precision precision,
                      boolean withVelocity, int threads, int batch, int records) {
        boolean single = precision == EnsembleTrainer.Precision.FLOAT;
        int lanes = single ? BatchKernels.floatLanes() : BatchKernels.doubleLanes();
        int[] widths = template.architecture().widths();
        long size = 0, activations = 0;
        for (int l = 0; l + 1 < widths.length; l++) {
            long inputs = l == 0 ? widths[0] : pad(widths[l], lanes), outputs = pad(widths[l + 1], lanes);
            size += inputs * outputs + (template.hasBiases() ? outputs : 0);
            activations += outputs;
        }
        int e = single ? 4 : 8;
        long perNetwork = size * e * (withVelocity ? 2 : 1) + 4L * train.size() + 64 + 4L * 8 * records;
        long data = (long) train.size() * (train.inputWidth() * (e + 16L) + train.outputWidth() * 16L);
        if (test != null) {
            data += (long) test.size() * (test.inputWidth() * (e + 16L) + test.outputWidth() * 16L);
        }
        long worker = (long) batch * (widths[0] + 4 * activations) * 8 + 3 * size * e;
        return networks * perNetwork + data + Math.min(threads, networks) * worker;
    }

    static int pad(int width, int lanes) {
        return (width + lanes - 1) / lanes * lanes;
    }

    /** A matrix's entries row after row, in one bulk copy (toDoubleMatrix reads them one by one: ~1 s for MNIST). */
    private static double[] flat(org.nd4j.linalg.api.ndarray.INDArray m) {
        return m.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup('c').data().asDouble();
    }

    private static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }

    private static double[] nan(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }

    private static String digest(double[] values) {
        return Fingerprint.of("digest").add("v", values).build().settings().get("v");
    }

    int networks() {
        return networks;
    }

    long seed(int network) {
        return firstSeed + network;
    }

    String[] trainDigest() {
        return trainDigest;
    }

    String[] testDigest() {
        return testDigest;
    }

    String initialDigest() {
        if (initialDigest == null) {
            initialDigest = single ? Fingerprint.of("digest").add("v", fParams).build().settings().get("v")
                    : digest(dParams);
        }
        return initialDigest;
    }

    /** Network {@code network}'s parameters from theta in {@link Network}'s layout; velocity and progress to zero. */
    void setInitial(int network, double[] theta) {
        ParameterLayout layout = template.layout();
        int base = network * size;
        for (int l = 0; l < layers; l++) {
            ParameterLayout.Layer layer = layout.layer(l);
            for (int u = 0; u < layer.outputs; u++) {
                for (int j = 0; j < layer.inputs; j++) {
                    set(base + wOff[l] + j * out[l] + u, theta[layer.weight(u, j)]);
                }
                if (biases) {
                    set(base + bOff[l] + u, theta[layer.bias(u)]);
                }
            }
        }
        if (withVelocity) {
            if (single) {
                Arrays.fill(fVelocity, base, base + size, 0f);
            } else {
                Arrays.fill(dVelocity, base, base + size, 0.0);
            }
        }
        epochsDone[network] = 0;
        divergedAt[network] = 0;
        divergence[network] = null;
        int r = recorded.length;
        for (double[] a : new double[][]{trainLoss, testLoss, trainError, testError}) {
            Arrays.fill(a, network * r, network * r + r, Double.NaN);
        }
        random[network] = null;
        order[network] = null;
    }

    private void set(int at, double value) {
        if (single) {
            fParams[at] = (float) value;
        } else {
            dParams[at] = value;
        }
    }

    /** Network {@code network}'s parameters in {@link Network}'s layout (as doubles). */
    double[] theta(int network) {
        ParameterLayout layout = template.layout();
        double[] theta = new double[layout.size()];
        int base = network * size;
        for (int l = 0; l < layers; l++) {
            ParameterLayout.Layer layer = layout.layer(l);
            for (int u = 0; u < layer.outputs; u++) {
                for (int j = 0; j < layer.inputs; j++) {
                    int at = base + wOff[l] + j * out[l] + u;
                    theta[layer.weight(u, j)] = single ? fParams[at] : dParams[at];
                }
                if (biases) {
                    int at = base + bOff[l] + u;
                    theta[layer.bias(u)] = single ? fParams[at] : dParams[at];
                }
            }
        }
        return theta;
    }

    boolean diverged(int network) {
        return divergence[network] != null;
    }

    /** The networks still training that have completed {@code epochs} epochs. */
    int[] networksAt(int epochs) {
        return java.util.stream.IntStream.range(0, networks).filter(n -> !diverged(n) && epochsDone[n] == epochs).toArray();
    }

    /** Completed network-epochs, a diverged network counting as done through the last epoch. */
    long networkEpochsDone(int epochs) {
        long d = 0;
        for (int n = 0; n < networks; n++) {
            d += diverged(n) ? epochs : epochsDone[n];
        }
        return d;
    }

    int minimumEpoch() {
        int min = Integer.MAX_VALUE;
        for (int n = 0; n < networks; n++) {
            min = Math.min(min, diverged(n) ? Integer.MAX_VALUE : epochsDone[n]);
        }
        return min == Integer.MAX_VALUE ? 0 : min;
    }

    int recordIndex(int epoch) {
        return Arrays.binarySearch(recorded, epoch);
    }

    /** The minibatch order of a network after {@code epochs} epochs, replayed from its seed as Trainer shuffles. */
    int[] orderAfter(int network, int epochs) {
        if (order[network] == null || orderEpoch[network] != epochs) {
            Random r = new Random(seed(network));
            int[] o = new int[m];
            for (int i = 0; i < m; i++) {
                o[i] = i;
            }
            for (int e = 0; e < epochs && steps > 1; e++) {
                shuffle(o, r);
            }
            random[network] = r;
            order[network] = o;
            orderEpoch[network] = epochs;
        }
        return order[network];
    }

    /** Shuffles the order for epoch {@code orderEpoch + 1} (Trainer shuffles only when an epoch has several steps). */
    int[] nextOrder(int network, int epoch) {
        int[] o = orderAfter(network, epoch - 1);
        if (steps > 1) {
            shuffle(o, random[network]);
        }
        orderEpoch[network] = epoch;
        return o;
    }

    private static void shuffle(int[] order, Random random) { // Trainer's shuffle, draw for draw
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    void diverge(int network, int epoch, String why) {
        divergedAt[network] = epoch;
        divergence[network] = "at epoch " + epoch + ", " + why;
    }

    // ---------------------------------------------------------------- saving

    void write(DataOutputStream o) throws IOException {
        writeMembers(o, 0, networks);
    }

    void read(DataInputStream in) throws IOException {
        readMembers(in, 0, networks);
    }

    /** Networks from .. to-1 in the saved file's layout: a block of members, e.g. for a task on another machine. */
    byte[] members(int from, int to) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (DataOutputStream o = new DataOutputStream(bytes)) {
            writeMembers(o, from, to);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads {@link #members} of another state into networks at, at+1, ... (the count is in the bytes). */
    void setMembers(int at, byte[] block) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(block))) {
            in.mark(4);
            int count = in.readInt();
            in.reset();
            if (at < 0 || at + count > networks) {
                throw new IOException("a block of " + count + " networks does not fit at " + at + " of " + networks);
            }
            readMembers(in, at, at + count);
        } catch (IOException e) {
            throw new IllegalStateException("a block of ensemble members cannot be read into this ensemble: "
                    + e.getMessage() + " (were they trained by another build of the library, or on a CPU with "
                    + "other vector lanes?)", e);
        }
    }

    private void writeMembers(DataOutputStream o, int from, int to) throws IOException {
        int r = recorded.length;
        o.writeInt(to - from);
        o.writeInt(size);
        o.writeInt(r);
        o.writeBoolean(single);
        o.writeBoolean(withVelocity);
        for (int n = from; n < to; n++) {
            o.writeInt(epochsDone[n]);
            o.writeInt(divergedAt[n]);
            o.writeUTF(divergence[n] == null ? "" : divergence[n]);
            int base = n * size;
            for (int i = 0; i < size; i++) {
                if (single) {
                    o.writeFloat(fParams[base + i]);
                } else {
                    o.writeDouble(dParams[base + i]);
                }
            }
            for (int i = 0; withVelocity && i < size; i++) {
                if (single) {
                    o.writeFloat(fVelocity[base + i]);
                } else {
                    o.writeDouble(dVelocity[base + i]);
                }
            }
            for (int i = 0; i < r; i++) {
                o.writeDouble(trainLoss[n * r + i]);
                o.writeDouble(testLoss[n * r + i]);
                o.writeDouble(trainError[n * r + i]);
                o.writeDouble(testError[n * r + i]);
            }
        }
    }

    private void readMembers(DataInputStream in, int from, int to) throws IOException {
        int r = recorded.length;
        if (in.readInt() != to - from || in.readInt() != size || in.readInt() != r || in.readBoolean() != single
                || in.readBoolean() != withVelocity) {
            throw new IOException("the saved state has another shape than this ensemble");
        }
        int last = recorded[r - 1];
        for (int n = from; n < to; n++) {
            epochsDone[n] = in.readInt();
            divergedAt[n] = in.readInt();
            String why = in.readUTF();
            divergence[n] = why.isEmpty() ? null : why;
            if (epochsDone[n] < 0 || epochsDone[n] > last) {
                throw new IOException("network " + n + " has " + epochsDone[n] + " epochs done, not in 0.." + last);
            }
            int base = n * size;
            for (int i = 0; i < size; i++) {
                if (single) {
                    fParams[base + i] = in.readFloat();
                } else {
                    dParams[base + i] = in.readDouble();
                }
            }
            for (int i = 0; withVelocity && i < size; i++) {
                if (single) {
                    fVelocity[base + i] = in.readFloat();
                } else {
                    dVelocity[base + i] = in.readDouble();
                }
            }
            for (int i = 0; i < r; i++) {
                trainLoss[n * r + i] = in.readDouble();
                testLoss[n * r + i] = in.readDouble();
                trainError[n * r + i] = in.readDouble();
                testError[n * r + i] = in.readDouble();
            }
            order[n] = null;
        }
    }

    /** Whether network {@code network} has nothing left to train (all epochs, or diverged). */
    boolean complete(int network, int epochs) {
        return diverged(network) || epochsDone[network] >= epochs;
    }

    // ---------------------------------------------------------------- training

    Worker worker(double momentum, double[] rates) {
        return single ? new FloatWorker(momentum, rates) : new DoubleWorker(momentum, rates);
    }

    /** One thread's buffers: trains one network for one epoch at a time, allocating nothing per step. */
    abstract class Worker {
        final double momentum;
        final double[] rates;
        final double[] z = new double[k], y = new double[k], g = new double[k];
        final double[][] ad = new double[layers + 1][]; // each layer's values in double: sigma(h), then the output
        final int widest;

        Worker(double momentum, double[] rates) {
            this.momentum = momentum;
            this.rates = rates;
            int w = 0;
            for (int l = 0; l < layers; l++) {
                w = Math.max(w, out[l]);
                ad[l + 1] = new double[batch * out[l]];
            }
            widest = Math.max(w, d0);
        }

        /** Epoch {@code epoch} of network {@code n}: its minibatch steps, the checks, and its record if due. */
        void trainEpoch(int n, int epoch) {
            if (epoch == 1 && Double.isNaN(trainLoss[n * recorded.length])) {
                record(n, 0);
            }
            int[] o = nextOrder(n, epoch);
            saveStart(n);
            double rate = rates[epoch];
            for (int s = 0; s < steps; s++) {
                int from = s * batch, len = Math.min(batch, m - from);
                double value = step(n, o, from, len, rate);
                if (!Double.isFinite(value)) {
                    restoreStart(n);
                    diverge(n, epoch, "step " + (s + 1) + " (minibatch loss " + value + ")");
                    return;
                }
            }
            if (!finiteParameters(n)) {
                restoreStart(n);
                diverge(n, epoch, "the parameters overflowed");
                return;
            }
            int ri = recordIndex(epoch);
            if (ri >= 0) {
                record(n, ri);
                int r = recorded.length;
                double now = trainLoss[n * r + ri], start = trainLoss[n * r];
                if (!Double.isFinite(now) || now > 1e6 * Math.max(start, 1e-300)) {
                    trainLoss[n * r + ri] = testLoss[n * r + ri] = trainError[n * r + ri] = testError[n * r + ri] = Double.NaN;
                    restoreStart(n);
                    diverge(n, epoch, "training loss " + now + ", started at " + start);
                    return;
                }
            }
            epochsDone[n] = epoch;
        }

        private void record(int n, int ri) {
            int r = recorded.length;
            double[] train = evaluate(n, false);
            trainLoss[n * r + ri] = train[0];
            trainError[n * r + ri] = train[1];
            if (mTest > 0) {
                double[] t = evaluate(n, true);
                testLoss[n * r + ri] = t[0];
                testError[n * r + ri] = t[1];
            }
        }

        /** The loss of row r of the output block (first k of {@code stride} entries), dE/dz into g if asked. */
        double lossAt(double[] labelsOf, int example, boolean gradient) {
            for (int c = 0; c < k; c++) {
                y[c] = labelsOf[example * k + c];
            }
            return loss.valueAndGradient(z, y, gradient ? g : null);
        }

        /** Whether the largest output is at the label's largest entry (the first of equal ones, as ND4J's argmax). */
        boolean correct() {
            int a = 0, b = 0;
            for (int c = 1; c < k; c++) {
                if (z[c] > z[a]) {
                    a = c;
                }
                if (y[c] > y[b]) {
                    b = c;
                }
            }
            return a == b;
        }

        abstract double step(int n, int[] order, int from, int len, double rate);

        /** {loss, error} of network n on the training or test set, the examples in blocks of the minibatch size. */
        abstract double[] evaluate(int n, boolean onTest);

        abstract void saveStart(int n);

        abstract void restoreStart(int n);

        abstract boolean finiteParameters(int n);
    }

    private final class DoubleWorker extends Worker {
        final double[] xb = new double[batch * d0];
        final double[][] act;
        final double[] delta, spare, grad = new double[size], start = new double[size];
        final double[][] wb = new double[layers][];

        DoubleWorker(double momentum, double[] rates) {
            super(momentum, rates);
            act = ad; // in double the activations are the values themselves
            delta = new double[batch * widest];
            spare = new double[batch * widest];
            for (int l = 1; l < layers; l++) {
                wb[l] = new double[out[l] * in[l]];
            }
        }

        /** Forward through every layer from the rows at x[xOff...]: the output block in act[layers]. */
        private void forward(int base, double[] x, int xOff, int len) {
            for (int l = 0; l < layers; l++) {
                double[] a = l == 0 ? x : act[l];
                BatchKernels.gemm(a, l == 0 ? xOff : 0, in[l], 1, dParams, base + wOff[l], out[l], act[l + 1], 0, out[l],
                        len, out[l], in[l], biases ? dParams : null, base + bOff[l], false);
                if (l + 1 < layers) {
                    activation.applyInPlace(act[l + 1], 0, len * out[l]);
                }
            }
        }

        @Override
        double step(int n, int[] o, int from, int len, double rate) {
            int base = n * size;
            for (int r = 0; r < len; r++) {
                System.arraycopy(dX, o[from + r] * d0, xb, r * d0, d0);
            }
            forward(base, xb, 0, len);
            int last = layers - 1, zs = out[last];
            double sum = 0, inv = 1.0 / len;
            Arrays.fill(delta, 0, len * zs, 0.0);
            for (int r = 0; r < len; r++) {
                for (int c = 0; c < k; c++) {
                    z[c] = act[layers][r * zs + c];
                }
                sum += lossAt(labels, o[from + r], true);
                for (int c = 0; c < k; c++) {
                    delta[r * zs + c] = g[c] * inv;
                }
            }
            if (!Double.isFinite(sum)) {
                return sum;
            }
            double[] cur = delta, next = spare;
            for (int l = last; l >= 0; l--) {
                double[] a = l == 0 ? xb : act[l];
                // dW[j][u] = sum_r a[r][j] delta[r][u]: A^T delta
                BatchKernels.gemm(a, 0, 1, in[l], cur, 0, out[l], grad, wOff[l], out[l], in[l], out[l], len, null, 0,
                        false);
                if (biases) { // column sums, row after row: the same order of additions, and the loop vectorises
                    int bo = bOff[l], width = out[l];
                    Arrays.fill(grad, bo, bo + width, 0.0);
                    for (int r = 0; r < len; r++) {
                        for (int u = 0; u < width; u++) {
                            grad[bo + u] += cur[r * width + u];
                        }
                    }
                }
                if (l > 0) {
                    double[] w = wb[l];
                    int wo = base + wOff[l];
                    for (int j = 0; j < in[l]; j++) {
                        for (int u = 0; u < out[l]; u++) {
                            w[u * in[l] + j] = dParams[wo + j * out[l] + u];
                        }
                    }
                    BatchKernels.gemm(cur, 0, out[l], 1, w, 0, in[l], next, 0, in[l], len, in[l], out[l], null, 0, false);
                    activation.multiplyByDerivative(next, act[l], 0, len * in[l]);
                    double[] t = cur;
                    cur = next;
                    next = t;
                }
            }
            if (withVelocity) { // as Trainer: v <- momentum v - rate g; theta <- theta + v
                for (int i = 0; i < size; i++) {
                    double v = momentum * dVelocity[base + i] - rate * grad[i];
                    dVelocity[base + i] = v;
                    dParams[base + i] += v;
                }
            } else {
                for (int i = 0; i < size; i++) {
                    dParams[base + i] += -rate * grad[i];
                }
            }
            return sum * inv;
        }

        @Override
        double[] evaluate(int n, boolean onTest) {
            double[] x = onTest ? dTestX : dX, lab = onTest ? testLabels : labels;
            int rows = onTest ? mTest : m, base = n * size, last = layers - 1, zs = out[last];
            double total = 0;
            int wrong = 0;
            for (int r0 = 0; r0 < rows; r0 += batch) {
                int len = Math.min(batch, rows - r0);
                forward(base, x, r0 * d0, len);
                for (int r = 0; r < len; r++) {
                    for (int c = 0; c < k; c++) {
                        z[c] = act[layers][r * zs + c];
                    }
                    total += lossAt(lab, r0 + r, false);
                    wrong += correct() ? 0 : 1;
                }
            }
            return new double[]{Double.isFinite(total) ? total / rows : Double.NaN,
                    k > 1 ? (double) wrong / rows : Double.NaN};
        }

        @Override
        void saveStart(int n) {
            System.arraycopy(dParams, n * size, start, 0, size);
        }

        @Override
        void restoreStart(int n) {
            System.arraycopy(start, 0, dParams, n * size, size);
        }

        @Override
        boolean finiteParameters(int n) {
            double s = 0;
            for (int i = n * size; i < (n + 1) * size; i++) {
                s += dParams[i] * 0;
            }
            return s == 0; // x * 0 is NaN exactly when x is not finite
        }
    }

    private final class FloatWorker extends Worker {
        final float[] xb = new float[batch * d0];
        final float[][] act = new float[layers + 1][];
        final float[] delta, spare, grad = new float[size], start = new float[size];
        final double[] dd;
        final float[][] wb = new float[layers][];
        final float mu;

        FloatWorker(double momentum, double[] rates) {
            super(momentum, rates);
            for (int l = 1; l <= layers; l++) {
                act[l] = new float[ad[l].length];
            }
            delta = new float[batch * widest];
            spare = new float[batch * widest];
            dd = new double[batch * widest];
            for (int l = 1; l < layers; l++) {
                wb[l] = new float[out[l] * in[l]];
            }
            mu = (float) momentum;
        }

        private void forward(int base, float[] x, int xOff, int len) {
            for (int l = 0; l < layers; l++) {
                float[] a = l == 0 ? x : act[l];
                BatchKernels.gemm(a, l == 0 ? xOff : 0, in[l], 1, fParams, base + wOff[l], out[l], act[l + 1], 0, out[l],
                        len, out[l], in[l], biases ? fParams : null, base + bOff[l], false);
                if (l + 1 < layers) { // sigma in double (Activation's), kept for the derivative, rounded back
                    float[] h = act[l + 1];
                    double[] v = ad[l + 1];
                    int count = len * out[l];
                    for (int i = 0; i < count; i++) {
                        v[i] = h[i];
                    }
                    activation.applyInPlace(v, 0, count);
                    for (int i = 0; i < count; i++) {
                        h[i] = (float) v[i];
                    }
                }
            }
        }

        @Override
        double step(int n, int[] o, int from, int len, double rate) {
            int base = n * size;
            for (int r = 0; r < len; r++) {
                System.arraycopy(fX, o[from + r] * d0, xb, r * d0, d0);
            }
            forward(base, xb, 0, len);
            int last = layers - 1, zs = out[last];
            double sum = 0, inv = 1.0 / len;
            Arrays.fill(delta, 0, len * zs, 0f);
            for (int r = 0; r < len; r++) {
                for (int c = 0; c < k; c++) {
                    z[c] = act[layers][r * zs + c];
                }
                sum += lossAt(labels, o[from + r], true);
                for (int c = 0; c < k; c++) {
                    delta[r * zs + c] = (float) (g[c] * inv);
                }
            }
            if (!Double.isFinite(sum)) {
                return sum;
            }
            float[] cur = delta, next = spare;
            for (int l = last; l >= 0; l--) {
                float[] a = l == 0 ? xb : act[l];
                BatchKernels.gemm(a, 0, 1, in[l], cur, 0, out[l], grad, wOff[l], out[l], in[l], out[l], len, null, 0,
                        false);
                if (biases) { // column sums, row after row: the same order of additions, and the loop vectorises
                    int bo = bOff[l], width = out[l];
                    Arrays.fill(grad, bo, bo + width, 0f);
                    for (int r = 0; r < len; r++) {
                        for (int u = 0; u < width; u++) {
                            grad[bo + u] += cur[r * width + u];
                        }
                    }
                }
                if (l > 0) {
                    float[] w = wb[l];
                    int wo = base + wOff[l];
                    for (int j = 0; j < in[l]; j++) {
                        for (int u = 0; u < out[l]; u++) {
                            w[u * in[l] + j] = fParams[wo + j * out[l] + u];
                        }
                    }
                    BatchKernels.gemm(cur, 0, out[l], 1, w, 0, in[l], next, 0, in[l], len, in[l], out[l], null, 0, false);
                    int count = len * in[l];
                    for (int i = 0; i < count; i++) {
                        dd[i] = next[i];
                    }
                    activation.multiplyByDerivative(dd, ad[l], 0, count);
                    for (int i = 0; i < count; i++) {
                        next[i] = (float) dd[i];
                    }
                    float[] t = cur;
                    cur = next;
                    next = t;
                }
            }
            float eta = (float) rate;
            if (withVelocity) {
                for (int i = 0; i < size; i++) {
                    float v = mu * fVelocity[base + i] - eta * grad[i];
                    fVelocity[base + i] = v;
                    fParams[base + i] += v;
                }
            } else {
                for (int i = 0; i < size; i++) {
                    fParams[base + i] += -eta * grad[i];
                }
            }
            return sum * inv;
        }

        @Override
        double[] evaluate(int n, boolean onTest) {
            float[] x = onTest ? fTestX : fX;
            double[] lab = onTest ? testLabels : labels;
            int rows = onTest ? mTest : m, base = n * size, last = layers - 1, zs = out[last];
            double total = 0;
            int wrong = 0;
            for (int r0 = 0; r0 < rows; r0 += batch) {
                int len = Math.min(batch, rows - r0);
                forward(base, x, r0 * d0, len);
                for (int r = 0; r < len; r++) {
                    for (int c = 0; c < k; c++) {
                        z[c] = act[layers][r * zs + c];
                    }
                    total += lossAt(lab, r0 + r, false);
                    wrong += correct() ? 0 : 1;
                }
            }
            return new double[]{Double.isFinite(total) ? total / rows : Double.NaN,
                    k > 1 ? (double) wrong / rows : Double.NaN};
        }

        @Override
        void saveStart(int n) {
            System.arraycopy(fParams, n * size, start, 0, size);
        }

        @Override
        void restoreStart(int n) {
            System.arraycopy(start, 0, fParams, n * size, size);
        }

        @Override
        boolean finiteParameters(int n) {
            float s = 0;
            for (int i = n * size; i < (n + 1) * size; i++) {
                s += fParams[i] * 0f;
            }
            return s == 0;
        }
    }
}
