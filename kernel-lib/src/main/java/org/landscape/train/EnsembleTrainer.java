package org.landscape.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.landscape.data.Dataset;
import org.landscape.display.Progress;
import org.landscape.model.Network;
import org.landscape.util.Fingerprint;
import org.landscape.util.Memory;
import org.landscape.util.SavedFile;

/**
 * Trains N networks of one architecture at once (e.g. 1,000 networks 100-n-10): SGD on minibatches with momentum and
 * a per-epoch learning-rate decay, in double or float, each network from its own initialisation and with its own
 * minibatch order, both from its seed. Every network's minibatch forward and backward pass is a handful of matrix
 * products over a stacked parameter tensor ({@link EnsembleState}); the maths of the activation and the loss is
 * {@link org.landscape.model.Activation}'s and {@link org.landscape.model.Loss}'s.
 *
 * <p>Network k has seed {@code firstSeed + k}, used as {@link Trainer} and {@link Ensemble#train} use it: the network
 * is built with that seed (its initialisation: the builder's {@link Network.Init}, or {@link #initScale} times it, or
 * a custom {@link #init(Initialiser)}) and its minibatch order is shuffled by {@code new Random(seed)} as
 * {@link Trainer} shuffles. So network k trained alone, {@code Trainer.sgd(rate).momentum(m).decay(d).batchSize(b)
 * .epochs(e).seed(seed).train(builder.seed(seed).build(), data)}, follows the same path (to rounding: the products add
 * in another order; in float, to float rounding).
 *
 * <p>Each network is computed by one thread from start to end (the threads share out the networks), so the numbers
 * do not depend on the thread count. A network whose minibatch loss becomes NaN or infinite, whose parameters
 * overflow, or whose recorded training loss grows a million-fold above its start is reported and masked with its
 * parameters of the last completed epoch; the others go on. With a {@link #directory}, the state is saved (through
 * {@link SavedFile}, with a {@link Fingerprint} of everything that made the run) at most every
 * {@link #saveEvery} seconds, at the end, and when the cell is interrupted; the same call run again resumes from
 * there and gives the same bits as an uninterrupted run.
 *
 * <pre>{@code
 * EnsembleRun run = EnsembleTrainer.sgd(0.1).momentum(0.9).decay(0.98).batchSize(100).epochs(200)
 *         .precision(EnsembleTrainer.Precision.FLOAT).recordEvery(10).test(split.test()).directory(Path.of("runs/w25"))
 *         .train("width 25", Network.builder(Architecture.of(100, 25, 10)).loss(Loss.CROSS_ENTROPY)
 *                 .init(Network.Init.UNIT_CUBE), split.train(), 1000, 1);
 * run            // histogram of the final test losses and the training curves
 * }</pre>
 */
public final class EnsembleTrainer {
    /** The precision the networks are trained in (the losses are added in double either way). */
    public enum Precision { FLOAT, DOUBLE }

    /** A custom initialisation: theta of network {@code index} (seed {@code seed}) in {@link Network}'s layout. */
    @FunctionalInterface
    public interface Initialiser {
        double[] theta(int index, long seed);
    }

    private final double learningRate;
    private double momentum;
    private double decay = 1;
    private int batchSize = 100;
    private int epochs = 10;
    private Precision precision = Precision.DOUBLE;
    private double initScale = 1;
    private Initialiser initialiser;
    private String initialiserName;
    private int recordEvery;
    private int[] recordAt = new int[0];
    private Dataset test;
    private int threads = Runtime.getRuntime().availableProcessors();
    private Path directory;
    private double saveEvery = 60;
    private boolean progress = true;

    private EnsembleTrainer(double learningRate) {
        this.learningRate = learningRate;
    }

    /** SGD with this learning rate (momentum 0, no decay, minibatches of 100, 10 epochs, double, until set). */
    public static EnsembleTrainer sgd(double learningRate) {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a positive number, e.g. 0.05, got " + learningRate);
        }
        return new EnsembleTrainer(learningRate);
    }

    /** Heavy-ball momentum in [0, 1), as {@link Trainer#momentum}: v <- m v - rate g, theta <- theta + v. */
    public EnsembleTrainer momentum(double momentum) {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), e.g. 0.9, got " + momentum);
        }
        this.momentum = momentum;
        return this;
    }

    /** The learning rate is multiplied by {@code factor} in (0, 1] after every epoch. */
    public EnsembleTrainer decay(double factor) {
        if (!(factor > 0 && factor <= 1)) {
            throw new IllegalArgumentException("decay factor must be in (0, 1], e.g. 0.98, got " + factor);
        }
        this.decay = factor;
        return this;
    }

    /** Examples per step (the last minibatch of an epoch may be smaller); 0 means the whole training set. */
    public EnsembleTrainer batchSize(int batchSize) {
        if (batchSize < 0) {
            throw new IllegalArgumentException("batchSize must be >= 1, or 0 for the whole training set, got " + batchSize);
        }
        this.batchSize = batchSize;
        return this;
    }

    public EnsembleTrainer epochs(int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        this.epochs = epochs;
        return this;
    }

    /** FLOAT (about twice the speed, half the memory) or DOUBLE. */
    public EnsembleTrainer precision(Precision precision) {
        if (precision == null) {
            throw new IllegalArgumentException("precision must be Precision.FLOAT or Precision.DOUBLE, not null");
        }
        this.precision = precision;
        return this;
    }

    /** Scales every network's initial theta by {@code scale} (e.g. 0.1 x the unit cube: uniform in [0, 0.1]^n). */
    public EnsembleTrainer initScale(double scale) {
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("initScale must be a positive number, e.g. 0.1, got " + scale);
        }
        this.initScale = scale;
        return this;
    }

    /**
     * Each network's initial theta from {@code initialiser} instead of the builder's initialisation; {@code name}
     * goes into the saved files' fingerprint (with a digest of all initial parameters).
     */
    public EnsembleTrainer init(String name, Initialiser initialiser) {
        if (initialiser == null || name == null || name.isBlank()) {
            throw new IllegalArgumentException("init needs a name and an initialiser (index, seed) -> theta");
        }
        this.initialiser = initialiser;
        this.initialiserName = name;
        return this;
    }

    /** Records train/test loss and error every {@code epochs} epochs (epoch 0 and the last are always recorded). */
    public EnsembleTrainer recordEvery(int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("recordEvery must be >= 1 epoch, got " + epochs);
        }
        this.recordEvery = epochs;
        return this;
    }

    /** Also records at these epochs (each in 0..epochs). */
    public EnsembleTrainer recordAt(int... epochs) {
        if (epochs == null) {
            throw new IllegalArgumentException("recordAt needs epochs, e.g. recordAt(1, 10, 100)");
        }
        this.recordAt = epochs.clone();
        return this;
    }

    /** A held-out set: its loss and error are recorded with the training set's. */
    public EnsembleTrainer test(Dataset test) {
        this.test = test;
        return this;
    }

    /** Worker threads (default: the cores). The numbers are the same for any count. */
    public EnsembleTrainer threads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        return this;
    }

    /** Where the state is saved so that an interrupted run resumes (null: nothing saved). */
    public EnsembleTrainer directory(Path directory) {
        this.directory = directory;
        return this;
    }

    /** Seconds of training between two saves (default 60; the end and an interruption are always saved). */
    public EnsembleTrainer saveEvery(double seconds) {
        if (!(seconds >= 0)) {
            throw new IllegalArgumentException("saveEvery must be >= 0 seconds, got " + seconds);
        }
        this.saveEvery = seconds;
        return this;
    }

    public EnsembleTrainer progress(boolean progress) {
        this.progress = progress;
        return this;
    }

    /** A trainer with the same settings (what a study changes per ensemble, its test set and directory, is its own). */
    EnsembleTrainer copy() {
        EnsembleTrainer c = new EnsembleTrainer(learningRate);
        c.momentum = momentum;
        c.decay = decay;
        c.batchSize = batchSize;
        c.epochs = epochs;
        c.precision = precision;
        c.initScale = initScale;
        c.initialiser = initialiser;
        c.initialiserName = initialiserName;
        c.recordEvery = recordEvery;
        c.recordAt = recordAt.clone();
        c.test = test;
        c.threads = threads;
        c.directory = directory;
        c.saveEvery = saveEvery;
        c.progress = progress;
        return c;
    }

    /** The epochs each network is trained for. */
    public int epochs() {
        return epochs;
    }

    /** Bytes {@link #train} would allocate for these networks and data. */
    public long memoryNeeded(Network.Builder builder, Dataset train, int networks) {
        Network template = template(builder, train, networks);
        return EnsembleState.bytes(template, train, test, networks, precision, momentum > 0, threads, batch(train),
                recordedEpochs().length);
    }

    /**
     * Trains {@code networks} networks made by {@code builder} (architecture, activation, loss, biases,
     * initialisation) on {@code train}, seeds {@code firstSeed}, {@code firstSeed + 1}, ...
     */
    public EnsembleRun train(String name, Network.Builder builder, Dataset train, int networks, long firstSeed) {
        Prepared p = prepare(name, builder, train, networks, firstSeed);
        run(name, p.state, p.file, p.fingerprint);
        return new EnsembleRun(name, p.state, settings(p.batch), (System.nanoTime() - p.started) / 1e9,
                p.resumedEpochs);
    }

    /**
     * The same training as {@link #train} cut into blocks of {@code networksPerBlock} networks, for a scheduler that
     * trains the blocks elsewhere (e.g. {@code Spark.run(job)} of the {@code kernel-lib-spark} module): each network
     * is trained by one thread from start to end either way, so the finished job gives {@link #train}'s numbers bit
     * for bit, and with a {@link #directory} it reads and writes the same {@code ensemble.saved} (so a run started on
     * one path resumes on the other). A custom {@link #init(String, Initialiser)} runs here, not on the executors.
     */
    public EnsembleJob job(String name, Network.Builder builder, Dataset train, int networks, long firstSeed,
                           int networksPerBlock) {
        if (networksPerBlock < 1) {
            throw new IllegalArgumentException("networksPerBlock must be >= 1 (e.g. 10: a block is one task), got "
                    + networksPerBlock);
        }
        Prepared p = prepare(name, builder, train, networks, firstSeed);
        return new EnsembleJob(name, this, p.template, builder.initialisation(), train, test, p.state, p.batch,
                networksPerBlock, p.file, p.fingerprint, settings(p.batch), p.resumedEpochs);
    }

    /** What {@link #train} and {@link #job} set up alike: the state, resumed from the directory's file if any. */
    private static final class Prepared {
        Network template;
        int batch;
        EnsembleState state;
        Fingerprint fingerprint;
        Path file;
        int resumedEpochs;
        long started;
    }

    private Prepared prepare(String name, Network.Builder builder, Dataset train, int networks, long firstSeed) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must say what the ensemble is, e.g. \"width 25\"");
        }
        Network template = template(builder, train, networks);
        int batch = batch(train);
        int[] recorded = recordedEpochs();
        long bytes = EnsembleState.bytes(template, train, test, networks, precision, momentum > 0, threads, batch,
                recorded.length);
        Memory.require(bytes, String.format(Locale.ROOT, "an ensemble of %d networks %s (%d parameters each, %s)",
                networks, template.architecture(), template.parameterCount(), precision.name().toLowerCase(Locale.ROOT)),
                "train fewer networks at a time (several ensembles with consecutive first seeds give the same networks)"
                        + (precision == Precision.DOUBLE ? ", use Precision.FLOAT" : "")
                        + " or start the kernel with a larger -Xmx");
        Prepared p = new Prepared();
        p.started = System.nanoTime();
        p.template = template;
        p.batch = batch;
        EnsembleState state = new EnsembleState(template, train, test, networks, firstSeed, precision, momentum > 0,
                batch, recorded);
        for (int k = 0; k < networks; k++) {
            state.setInitial(k, initialTheta(builder, template, k, firstSeed + k));
        }
        p.state = state;
        p.fingerprint = fingerprint(name, template, state, firstSeed, batch, recorded);
        p.file = directory == null ? null : directory.resolve("ensemble.saved");
        if (p.file != null) {
            try {
                SavedFile.read(p.file, p.fingerprint, in -> {
                    state.read(in);
                    return null;
                });
                p.resumedEpochs = state.minimumEpoch();
            } catch (SavedFile.Unusable e) {
                if (e.problem() == SavedFile.Problem.FOREIGN) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
                if (e.problem() == SavedFile.Problem.CORRUPT) {
                    System.err.println("starting over: " + e.getMessage());
                }
                for (int k = 0; k < networks; k++) { // a partly read state is discarded whole
                    state.setInitial(k, initialTheta(builder, template, k, firstSeed + k));
                }
            }
        }
        return p;
    }

    /** A trainer for one block on an executor: the settings that shape the numbers, one thread, quiet. */
    static EnsembleTrainer forBlock(double learningRate, double momentum, double decay, int epochs) {
        EnsembleTrainer t = new EnsembleTrainer(learningRate);
        t.momentum = momentum;
        t.decay = decay;
        t.epochs = epochs;
        t.threads = 1; // a task per core: the scheduler runs the blocks in parallel
        t.progress = false;
        return t;
    }

    double learningRate() {
        return learningRate;
    }

    double momentumValue() {
        return momentum;
    }

    double decayValue() {
        return decay;
    }

    double saveEveryValue() {
        return saveEvery;
    }

    /** Trains a block's state to the end, nothing saved (the driver saves what it accepts). */
    void trainBlock(String name, EnsembleState state) {
        run(name, state, null, null);
    }

    /** Saves the state as {@link #train} does (used by the job on the driver). */
    static void saveState(Path file, Fingerprint fingerprint, EnsembleState state) {
        save(file, fingerprint, state);
    }

    private Network template(Network.Builder builder, Dataset train, int networks) {
        if (builder == null) {
            throw new IllegalArgumentException("builder must not be null: e.g. Network.builder(Architecture.of(100, 25, 10))");
        }
        if (train == null) {
            throw new IllegalArgumentException("train (the training set) must not be null");
        }
        if (networks < 1) {
            throw new IllegalArgumentException("networks must be >= 1, got " + networks);
        }
        for (int e : recordAt) {
            if (e < 0 || e > epochs) {
                throw new IllegalArgumentException("recordAt epoch " + e + " is not in 0.." + epochs
                        + ": record only epochs that are trained");
            }
        }
        Network template = builder.build();
        template.checkData(train);
        if (test != null && (test.inputWidth() != train.inputWidth() || test.outputWidth() != train.outputWidth())) {
            throw new IllegalArgumentException("test set '" + test.name() + "' has " + test.inputWidth() + " inputs and "
                    + test.outputWidth() + " outputs but the training set has " + train.inputWidth() + " and "
                    + train.outputWidth());
        }
        return template;
    }

    private int batch(Dataset train) {
        return batchSize == 0 || batchSize > train.size() ? train.size() : batchSize;
    }

    int[] recordedEpochs() {
        java.util.TreeSet<Integer> set = new java.util.TreeSet<>();
        set.add(0);
        set.add(epochs);
        if (recordEvery > 0) {
            for (int e = recordEvery; e < epochs; e += recordEvery) {
                set.add(e);
            }
        }
        for (int e : recordAt) {
            set.add(e);
        }
        return set.stream().mapToInt(Integer::intValue).toArray();
    }

    private double[] initialTheta(Network.Builder builder, Network template, int index, long seed) {
        double[] theta;
        if (initialiser != null) {
            theta = initialiser.theta(index, seed);
            if (theta == null || theta.length != template.parameterCount()) {
                throw new IllegalArgumentException("the initialiser gave " + (theta == null ? "null" : theta.length
                        + " entries") + " for network " + index + " but " + template + " has " + template.parameterCount()
                        + " parameters");
            }
        } else if (builder.initialisation() == Network.Init.UNIT_CUBE) {
            theta = Network.unitCube(seed, (int) template.parameterCount()); // the same numbers, without a DL4J build
        } else {
            theta = builder.seed(seed).build().parameters();
        }
        if (initScale != 1) {
            theta = theta.clone();
            for (int i = 0; i < theta.length; i++) {
                theta[i] *= initScale;
            }
        }
        for (int i = 0; i < theta.length; i++) {
            if (!Double.isFinite(theta[i])) {
                throw new IllegalArgumentException("initial theta[" + i + "] of network " + index + " is " + theta[i]
                        + ": initial parameters must be finite");
            }
        }
        return theta;
    }

    private String settings(int batch) {
        return String.format(Locale.ROOT, "SGD rate %s, momentum %s, decay %s per epoch, minibatch %d, %d epochs, %s",
                learningRate, momentum, decay, batch, epochs, precision.name().toLowerCase(Locale.ROOT));
    }

    private Fingerprint fingerprint(String name, Network template, EnsembleState state, long firstSeed, int batch,
                                    int[] recorded) {
        // the name is not in it: renaming an ensemble does not make it another job
        Fingerprint.Builder f = Fingerprint.of("ensemble trainer state")
                .add("architecture", template.architecture().toString()).add("activation", template.activation().name())
                .add("loss", template.lossKind().name()).add("biases", template.hasBiases())
                .add("precision", precision.name()).add("learning rate", learningRate).add("momentum", momentum)
                .add("decay", decay).add("minibatch", batch).add("epochs", epochs)
                .add("recorded epochs", Arrays.toString(recorded)).add("networks", state.networks())
                .add("first seed", firstSeed).add("init", initialiser == null ? "the builder's" : initialiserName)
                .add("init scale", initScale).add("initial parameters", state.initialDigest())
                .add("train features", state.trainDigest()[0]).add("train labels", state.trainDigest()[1]);
        if (test != null) {
            f.add("test features", state.testDigest()[0]).add("test labels", state.testDigest()[1]);
        }
        return f.build();
    }

    /** The epochs, network by network on the worker threads, with progress, saving and interruption. */
    private void run(String name, EnsembleState state, Path file, Fingerprint fingerprint) {
        int n = state.networks();
        double[] rates = new double[epochs + 1];
        double rate = learningRate;
        for (int e = 1; e <= epochs; e++) { // as Trainer: rate *= decay after every epoch
            rates[e] = rate;
            rate *= decay;
        }
        long total = (long) n * epochs;
        AtomicLong done = new AtomicLong(state.networkEpochsDone(epochs));
        AtomicBoolean stop = new AtomicBoolean();
        int workers = Math.min(threads, n);
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "ensemble-trainer");
            t.setDaemon(true);
            return t;
        });
        EnsembleState.Worker[] scratch = new EnsembleState.Worker[workers];
        for (int t = 0; t < workers; t++) {
            scratch[t] = state.worker(momentum, rates);
        }
        long lastSave = System.nanoTime();
        boolean unsaved = file != null && !java.nio.file.Files.exists(file); // a fresh start is saved even if no epoch runs
        Progress bar = progress ? Progress.resume(name + " (network-epochs)", total, done.get()) : null;
        try {
            for (int e = 1; e <= epochs; e++) {
                final int epoch = e;
                int[] todo = state.networksAt(e - 1);
                if (todo.length == 0) {
                    continue;
                }
                unsaved = true;
                AtomicInteger next = new AtomicInteger();
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < workers; t++) {
                    EnsembleState.Worker w = scratch[t];
                    futures.add(pool.submit(() -> {
                        for (int i = next.getAndIncrement(); i < todo.length && !stop.get(); i = next.getAndIncrement()) {
                            w.trainEpoch(todo[i], epoch);
                            done.addAndGet(state.diverged(todo[i]) ? epochs - epoch + 1 : 1);
                        }
                    }));
                }
                try {
                    for (Future<?> f : futures) {
                        while (true) {
                            try {
                                f.get(200, TimeUnit.MILLISECONDS);
                                break;
                            } catch (TimeoutException timeout) {
                                if (bar != null) {
                                    long d = done.get();
                                    bar.step(d - bar.done());
                                } else if (Thread.currentThread().isInterrupted()) {
                                    throw new CancellationException("interrupted");
                                }
                            }
                        }
                    }
                    if (bar != null) {
                        bar.step(done.get() - bar.done());
                    }
                } catch (CancellationException | InterruptedException stopped) {
                    stop.set(true);
                    waitFor(futures);
                    if (file != null) {
                        save(file, fingerprint, state);
                    }
                    throw new CancellationException(name + " interrupted at " + state.networkEpochsDone(epochs)
                            + " of " + total + " network-epochs; " + (file != null
                            ? "saved in " + file.getParent() + ": running the cell again resumes from there with the same results"
                            : "without a directory nothing is kept, so running the cell again starts over (pass directory(path) to resume)"));
                } catch (ExecutionException failed) {
                    stop.set(true);
                    waitFor(futures);
                    Throwable cause = failed.getCause();
                    throw cause instanceof RuntimeException ? (RuntimeException) cause
                            : new IllegalStateException("an ensemble worker failed: " + cause, cause);
                }
                if (file != null && (System.nanoTime() - lastSave) / 1e9 >= saveEvery) {
                    unsaved = false;
                    save(file, fingerprint, state);
                    lastSave = System.nanoTime();
                }
            }
            if (file != null && unsaved) {
                save(file, fingerprint, state);
            }
            if (Thread.interrupted()) { // answered here, so the flag does not stop the next cell
                throw new CancellationException(name + " was interrupted as it finished: " + (file != null
                        ? "everything is saved in " + file.getParent() + ", so running the cell again reads it back"
                        : "without a directory nothing is kept"));
            }
        } finally {
            if (bar != null) {
                bar.close();
            }
            pool.shutdownNow();
        }
    }

    private static void waitFor(List<Future<?>> futures) {
        Thread.interrupted(); // clear the flag, so the waits below can finish
        for (Future<?> f : futures) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    // keep waiting: the workers stop after their current network
                } catch (ExecutionException | CancellationException e) {
                    break;
                }
            }
        }
        // the interruption is answered by the CancellationException the caller throws: the flag stays cleared
    }

    /**
     * Saves with the interrupt flag cleared (an interrupted file channel closes itself); an interruption that arrives
     * meanwhile is kept for the caller's next check, which answers it.
     */
    private static void save(Path file, Fingerprint fingerprint, EnsembleState state) {
        boolean interrupted = false;
        for (int attempt = 0; ; attempt++) {
            interrupted |= Thread.interrupted();
            try {
                SavedFile.write(file, fingerprint, state::write);
                break;
            } catch (java.io.UncheckedIOException e) {
                if (!(e.getCause() instanceof java.nio.channels.ClosedByInterruptException) || attempt >= 3) {
                    throw e;
                }
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "EnsembleTrainer: " + settings(batchSize);
    }
}
