package org.landscape.spinglass;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import org.landscape.display.Progress;
import org.landscape.display.Display;
import org.landscape.hessian.Index;
import org.landscape.util.Fingerprint;
import org.landscape.util.SavedFile;

/**
 * Projected gradient descent on the sphere |w|^2 = Lambda from many random starts at once, as in the paper's
 * Figure 1 (left): each walker starts at a uniform random point and repeats
 * <pre>
 *   r = grad L(w) - (w . grad L(w) / Lambda) w        (the Riemannian gradient)
 *   w = w - stepSize * (r + noise)
 *   w = sqrt(Lambda) w / |w|                          (back onto the sphere)
 * </pre>
 * until |r| / sqrt(Lambda) <= tolerance (converged: a critical point, almost always a minimum) or maxSteps steps.
 * The tolerance is divided by sqrt(Lambda) so that one value fits every size: |r|/sqrt(Lambda) is the root mean
 * square of r's coordinates.
 *
 * <p><b>All at once.</b> The walkers' gradients are computed together: the monomials of a batch of walkers form a
 * matrix that multiplies the glass's coupling matrix (one BLAS matrix product per coupling block), which is where
 * the time goes. A batch holds as many walkers as fit in about 20 MB of monomials; when a walker finishes, the next
 * waiting walker takes its place.
 *
 * <p><b>Same seed, same numbers.</b> Walker j's start and its noise at step t come from seeds derived from
 * (seed, j) and (seed, j, t), so results do not depend on how walkers are batched.
 *
 * <p><b>Interrupt and resume.</b> {@link #run} shows a progress bar; interrupting the cell stops it between two
 * steps, keeping the finished walkers and the positions of the running ones. Calling {@link #run} again (with the
 * same glass, or the same glass created again) continues exactly where it stopped. With {@link #saveTo(Path)} the
 * state is also saved to a file (every {@value #SAVE_SECONDS} seconds, when interrupted and when done), so that a
 * new kernel, or a new session, continues from there with the same numbers.
 *
 * <pre>{@code
 * Descent descent = Descent.walkers(1000).stepSize(0.15).tolerance(1e-4).seed(7);
 * DescentResult result = descent.run(glass);     // a histogram of E/Lambda and a summary line
 * }</pre>
 *
 * <p><b>Stochastic option.</b> {@link #noise(double, int)} adds Gaussian noise of standard deviation sigma, fading
 * linearly to zero over the first {@code steps} steps, to every coordinate of r (tangent part only): the
 * paper's walkers ran SGD; the noise imitates a stochastic gradient, and fading it lets the walkers converge.
 */
public final class Descent {
    private final int walkers;
    private double stepSize = Double.NaN;
    private double tolerance = 1e-4;
    private int maxSteps = 50_000;
    private long seed;
    private double noise;
    private int noiseSteps;
    private int walkersPerBlock; // 0: all walkers in one block

    // state
    private int lambda = -1;
    private int order;
    private long glassSeed;
    private final List<Walker> active = new ArrayList<>();
    private int nextWalker;
    private int stopAt = Integer.MAX_VALUE; // a block's task: no walker from here on
    private boolean hiddenProgress; // a block's task: the scheduler shows the job's bar
    private final boolean[] finished;
    private final double[] energies;
    private final int[] steps;
    private final boolean[] converged;
    private final double[] gradientRms;
    private final double[][] finalPoints;
    private final int[] index;
    private final double[] smallestEigenvalue;
    private int finishedCount;
    private double seconds;
    private long walkerSteps;
    private final AtomicBoolean running = new AtomicBoolean();
    /** A running descent saves its state this often (and when interrupted, and when done). */
    static final int SAVE_SECONDS = 30;
    private Path saveFile;
    private boolean restored;
    IntConsumer afterStep; // tests: called after every step with the number of steps of this run
    int batchLimit; // tests: at most this many walkers per batch (0: as many as fit)

    private static final class Walker {
        final int id;
        final double[] w;
        final double[] g;
        int steps;

        Walker(int id, double[] w) {
            this.id = id;
            this.w = w;
            this.g = new double[w.length];
        }
    }

    private Descent(int walkers) {
        if (walkers < 1) {
            throw new IllegalArgumentException("walkers must be >= 1 (the number of random starts), got " + walkers);
        }
        this.walkers = walkers;
        this.finished = new boolean[walkers];
        this.energies = new double[walkers];
        this.steps = new int[walkers];
        this.converged = new boolean[walkers];
        this.gradientRms = new double[walkers];
        this.finalPoints = new double[walkers][];
        this.index = new int[walkers];
        this.smallestEigenvalue = new double[walkers];
        java.util.Arrays.fill(index, -1);
        java.util.Arrays.fill(smallestEigenvalue, Double.NaN);
    }

    /** A descent from {@code walkers} random starts. */
    public static Descent walkers(int walkers) {
        return new Descent(walkers);
    }

    private void checkNotStarted(String setting) {
        if (lambda >= 0) {
            throw new IllegalStateException("the " + setting + " of a descent cannot change once it has started: "
                    + "create a new Descent");
        }
    }

    /**
     * The step size eta. The default, 1.5 / (2 sqrt(H(H-1)) + H E_inf) (0.153 for H = 3), is 1.5 over the largest
     * curvature expected at a minimum: fast, and below the stability limit 2 / curvature.
     */
    public Descent stepSize(double eta) {
        checkNotStarted("step size");
        if (!(eta > 0) || Double.isInfinite(eta)) {
            throw new IllegalArgumentException("stepSize must be a positive number, got " + eta);
        }
        this.stepSize = eta;
        return this;
    }

    /** Stop a walker when |Riemannian gradient| / sqrt(Lambda) <= tolerance (default 1e-4). */
    public Descent tolerance(double tolerance) {
        checkNotStarted("tolerance");
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("tolerance must be >= 0 and finite, got " + tolerance);
        }
        this.tolerance = tolerance;
        return this;
    }

    /** Give up on a walker after this many steps (default 50,000); it is then reported as not converged. */
    public Descent maxSteps(int maxSteps) {
        checkNotStarted("step limit");
        if (maxSteps < 0) {
            throw new IllegalArgumentException("maxSteps must be >= 0, got " + maxSteps);
        }
        this.maxSteps = maxSteps;
        return this;
    }

    /** The seed of the starting points and the noise (default 0). */
    public Descent seed(long seed) {
        checkNotStarted("seed");
        this.seed = seed;
        return this;
    }

    /** Gaussian gradient noise of standard deviation {@code sigma} per coordinate, fading to 0 over {@code steps}. */
    public Descent noise(double sigma, int steps) {
        checkNotStarted("noise");
        if (!(sigma >= 0) || Double.isInfinite(sigma) || steps < 0) {
            throw new IllegalArgumentException("noise needs sigma >= 0 and steps >= 0, got sigma " + sigma
                    + " and steps " + steps);
        }
        this.noise = sigma;
        this.noiseSteps = steps;
        return this;
    }

    /**
     * Cuts the walkers into blocks of {@code walkers} consecutive starts that never share a batch: a block's walkers
     * are batched only with each other (a finished walker's place goes to the next walker of its block), so a block
     * gives the same numbers wherever it runs, alone or after the others. {@link #job} then computes the blocks
     * elsewhere (e.g. on Spark) with {@link #run}'s numbers. The batched products round differently as a batch's
     * make-up changes, so this setting changes the last bits of the results (not their distribution); without it all
     * walkers form one block.
     */
    public Descent walkersPerBlock(int walkers) {
        checkNotStarted("block size");
        if (walkers < 1) {
            throw new IllegalArgumentException("walkersPerBlock must be >= 1 (e.g. 50: a block is one task), got "
                    + walkers);
        }
        this.walkersPerBlock = walkers;
        return this;
    }

    /** Walkers per block ({@link #walkersPerBlock}; all of them unless set). */
    public int walkersPerBlockValue() {
        return walkersPerBlock == 0 ? walkers : Math.min(walkersPerBlock, walkers);
    }

    /** The end (exclusive) of the block that holds walker {@code id}. */
    int blockEnd(int id) {
        int per = walkersPerBlockValue();
        return (int) Math.min(walkers, ((long) id / per + 1) * per);
    }

    /**
     * This descent's walkers as blocks ({@link #walkersPerBlock}) for a scheduler that computes them elsewhere (e.g.
     * {@code Spark.run(job)} of the {@code kernel-lib-spark} module): the finished job's result is {@link #run}'s,
     * bit for bit, and with {@link #saveTo} it keeps the finished blocks in the same file, so either path resumes.
     */
    public DescentJob job(SphericalSpinGlass glass) {
        enter();
        try {
            bind(glass);
            restore();
        } finally {
            running.set(false);
        }
        return new DescentJob(this, glass);
    }

    /**
     * Saves the descent's state to {@code file} as it runs, and continues from it when the file exists: a new
     * kernel running the same cell (same glass, same settings) resumes there with the same numbers. A file made by
     * different settings is refused with what differs; a damaged one is reported, kept beside as {@code .corrupt},
     * and the descent starts over.
     */
    public Descent saveTo(Path file) {
        checkNotStarted("save file");
        if (file == null) {
            throw new IllegalArgumentException("file must not be null: give the path of the descent's checkpoint");
        }
        this.saveFile = file;
        return this;
    }

    /** The default step size for order H (see {@link #stepSize(double)}). */
    public static double defaultStepSize(int order) {
        double eInf = 2 * Math.sqrt((order - 1.0) / order);
        return 1.5 / (2 * Math.sqrt(order * (order - 1.0)) + order * eInf);
    }

    public int walkers() {
        return walkers;
    }

    public double stepSizeValue() {
        return Double.isNaN(stepSize) && lambda >= 0 ? defaultStepSize(order) : stepSize;
    }

    public int finishedWalkers() {
        return finishedCount;
    }

    public boolean isFinished() {
        return finishedCount == walkers;
    }

    /** Walker j's starting point: uniform on the sphere |w|^2 = Lambda, from (seed, j). */
    public double[] startingPoint(int walker, int lambda) {
        if (walker < 0 || walker >= walkers) {
            throw new IllegalArgumentException("walker must be in [0, " + walkers + "), got " + walker);
        }
        return Sphere.uniform(lambda, new SplittableRandom(Seeds.derive(seed, 2, walker)));
    }

    private void bind(SphericalSpinGlass glass) {
        if (glass == null) {
            throw new IllegalArgumentException("glass must not be null");
        }
        if (lambda < 0) {
            lambda = glass.size();
            order = glass.order();
            glassSeed = glass.seed();
            if (Double.isNaN(stepSize)) {
                stepSize = defaultStepSize(order);
            }
        } else if (glass.size() != lambda || glass.order() != order || glass.seed() != glassSeed) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "glass: this descent was started on the %d-spin glass with lambda = %d and seed %d, not on %s; "
                            + "resume it with that glass (SphericalSpinGlass.of(%d, %d, %d)) or create a new Descent",
                    order, lambda, glassSeed, glass.summary(), lambda, order, glassSeed));
        }
    }

    /**
     * Runs every walker to convergence or to maxSteps, continuing an interrupted run. Returns the result so far
     * (all walkers, unless interrupted: then a CancellationException says so and the next call resumes).
     */
    public DescentResult run(SphericalSpinGlass glass) {
        enter();
        try {
            return runAlone(glass);
        } finally {
            running.set(false);
        }
    }

    /** One thread at a time: a descent's walkers are its state, so a second thread would corrupt them. */
    private void enter() {
        if (!running.compareAndSet(false, true)) {
            throw new IllegalStateException("this Descent is already running in another thread: give each thread "
                    + "its own Descent (Descent.walkers(n)...); several descents may share one glass");
        }
    }

    private DescentResult runAlone(SphericalSpinGlass glass) {
        bind(glass);
        restore();
        if (isFinished()) {
            return result();
        }
        Couplings couplings = glass.couplings();
        int capacity = capacity(couplings);
        long started = System.nanoTime();
        String label = String.format(Locale.ROOT, "descent on the %d-spin glass, lambda=%d: walkers done", order, lambda);
        int stepsThisRun = 0;
        double sqrtLambda = Math.sqrt(lambda);
        Couplings.Workspace ws = couplings.acquire();
        try (Progress progress = hiddenProgress ? Progress.hidden(label, walkers, finishedCount)
                : Progress.resume(label, walkers, finishedCount)) {
            int justFinished = 0;
            double[][] points = new double[capacity][];
            double[][] grads = new double[capacity][];
            long lastSave = System.nanoTime();
            while (true) {
                if (saveFile != null && System.nanoTime() - lastSave > SAVE_SECONDS * 1_000_000_000L) {
                    save();
                    lastSave = System.nanoTime();
                }
                refill(capacity);
                progress.step(justFinished); // throws if the cell was interrupted: the state is consistent here
                justFinished = 0;
                if (active.isEmpty()) {
                    break;
                }
                int n = active.size();
                for (int k = 0; k < n; k++) {
                    points[k] = active.get(k).w;
                    grads[k] = active.get(k).g;
                }
                ws.gradients(points, 0, n, grads);
                walkerSteps += n;
                List<Walker> still = new ArrayList<>(n);
                for (Walker walker : active) {
                    if (advance(walker, sqrtLambda)) {
                        still.add(walker);
                    } else {
                        justFinished++;
                    }
                }
                active.clear();
                active.addAll(still);
                stepsThisRun++;
                if (afterStep != null) {
                    afterStep.accept(stepsThisRun);
                }
            }
        } finally {
            couplings.release(ws);
            seconds += (System.nanoTime() - started) / 1e9;
            if (saveFile != null) {
                save(); // between two steps (interrupted, or done): the state is consistent
            }
        }
        return result();
    }

    /** Walkers per batch: a block's, at most what the work space holds (a function of the glass, not of the JVM). */
    private int capacity(Couplings couplings) {
        int capacity = Math.min(walkersPerBlockValue(), couplings.batchCapacity());
        return batchLimit > 0 ? Math.min(capacity, batchLimit) : capacity;
    }

    /**
     * Fills the batch with the next walkers of the running block (walkers already finished, e.g. in a block computed
     * elsewhere, are skipped); when a block is done, the next one starts.
     */
    private void refill(int capacity) {
        int last = Math.min(walkers, stopAt);
        while (true) {
            int end = Math.min(last, blockEnd(active.isEmpty() ? Math.min(nextWalker, walkers - 1) : active.get(0).id));
            while (active.size() < capacity && nextWalker < end) {
                int id = nextWalker++;
                if (!finished[id]) {
                    active.add(new Walker(id, startingPoint(id, lambda)));
                }
            }
            if (!active.isEmpty() || nextWalker >= last) {
                return;
            }
        }
    }

    // ---------------------------------------------------------------- blocks (DescentJob)

    /** What decides a block's numbers, shipped to the machine that computes it. */
    record Settings(int walkers, double stepSize, double tolerance, int maxSteps, long seed, double noise,
                    int noiseSteps, int walkersPerBlock, int batchLimit) implements java.io.Serializable {
        /** A fresh descent with these settings, for one block's task. */
        Descent descent() {
            Descent d = new Descent(walkers);
            d.stepSize = stepSize;
            d.tolerance = tolerance;
            d.maxSteps = maxSteps;
            d.seed = seed;
            d.noise = noise;
            d.noiseSteps = noiseSteps;
            d.walkersPerBlock = walkersPerBlock;
            d.batchLimit = batchLimit;
            return d;
        }
    }

    Settings settings() {
        return new Settings(walkers, stepSize, tolerance, maxSteps, seed, noise, noiseSteps, walkersPerBlock, batchLimit);
    }

    /** Runs only walkers from .. to-1 (one block) on the glass; returns them as bytes, nothing saved. */
    byte[] runBlock(SphericalSpinGlass glass, int from, int to) {
        nextWalker = from;
        stopAt = to;
        restored = true;
        hiddenProgress = true;
        long before = walkerSteps;
        run(glass);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(to - from);
            out.writeLong(walkerSteps - before);
            for (int id = from; id < to; id++) {
                out.writeDouble(energies[id]);
                out.writeInt(steps[id]);
                out.writeBoolean(converged[id]);
                out.writeDouble(gradientRms[id]);
                writePoint(out, finalPoints[id]);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Puts a block computed elsewhere into this descent (the driver's), as if run here; false if it was done. */
    boolean acceptBlock(int from, int to, byte[] block, boolean saveNow) {
        enter();
        try {
            boolean all = true;
            for (int id = from; id < to; id++) {
                all &= finished[id];
            }
            if (all) {
                return false;
            }
            try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(block))) {
                if (in.readInt() != to - from) {
                    throw new IOException("the block holds another number of walkers");
                }
                long blockSteps = in.readLong();
                double[] e = new double[to - from], rms = new double[to - from];
                int[] st = new int[to - from];
                boolean[] conv = new boolean[to - from];
                double[][] pts = new double[to - from][];
                for (int k = 0; k < to - from; k++) {
                    e[k] = in.readDouble();
                    st[k] = in.readInt();
                    conv[k] = in.readBoolean();
                    rms[k] = in.readDouble();
                    pts[k] = readPoint(in);
                }
                active.removeIf(w -> w.id >= from && w.id < to); // a block begun here is replaced by the whole one
                for (int k = 0; k < to - from; k++) {
                    int id = from + k;
                    if (!finished[id]) {
                        finishedCount++;
                    }
                    finished[id] = true;
                    energies[id] = e[k];
                    steps[id] = st[k];
                    converged[id] = conv[k];
                    gradientRms[id] = rms[k];
                    finalPoints[id] = pts[k];
                }
                if (nextWalker > from && nextWalker < to) {
                    nextWalker = to;
                }
                walkerSteps += blockSteps;
            } catch (IOException e) {
                throw new IllegalStateException("a block of walkers " + from + ".." + (to - 1) + " cannot be read: "
                        + e.getMessage() + " (computed by another build of the library?)", e);
            }
            if (saveFile != null && saveNow) {
                save();
            }
            return true;
        } finally {
            running.set(false);
        }
    }

    /** Whether walkers from .. to-1 are all finished. */
    boolean finished(int from, int to) {
        for (int id = from; id < to; id++) {
            if (!finished[id]) {
                return false;
            }
        }
        return true;
    }

    int lambda() {
        return lambda;
    }

    int order() {
        return order;
    }

    long glassSeed() {
        return glassSeed;
    }

    /** Adds wall time spent on blocks elsewhere, and saves (the job's finish). */
    void finishBlocks(double secondsElsewhere) {
        seconds += secondsElsewhere;
        if (saveFile != null) {
            save();
        }
    }

    /** One step of one walker whose gradient is in walker.g; false when it has finished. */
    private boolean advance(Walker walker, double sqrtLambda) {
        double[] w = walker.w, g = walker.g;
        int n = w.length;
        double wg = Sphere.tangentInPlace(w, g); // g now holds the Riemannian gradient
        double rms = Math.sqrt(Sphere.dot(g, g)) / sqrtLambda;
        boolean done = rms <= tolerance;
        if (done || walker.steps >= maxSteps) {
            int id = walker.id;
            finished[id] = true;
            energies[id] = wg / order;
            steps[id] = walker.steps;
            converged[id] = done;
            gradientRms[id] = rms;
            finalPoints[id] = w.clone();
            finishedCount++;
            return false;
        }
        if (noise > 0 && walker.steps < noiseSteps) {
            double sigma = noise * (1 - (double) walker.steps / noiseSteps);
            SplittableRandom random = new SplittableRandom(Seeds.derive(seed, 3, walker.id, walker.steps));
            double[] z = new double[n];
            for (int i = 0; i < n; i++) {
                z[i] = random.nextGaussian();
            }
            Sphere.tangentInPlace(w, z);
            for (int i = 0; i < n; i++) {
                g[i] += sigma * z[i];
            }
        }
        Sphere.step(w, g, -stepSize);
        walker.steps++;
        return true;
    }

    /**
     * Computes the index (paper's convention: |eigenvalue| < 1e-3 counts as 0) and the smallest Hessian eigenvalue
     * of the first {@code maxWalkers} converged walkers, in walker order. Resumable like {@link #run}.
     */
    public DescentResult computeIndices(SphericalSpinGlass glass, int maxWalkers) {
        enter();
        try {
            return computeIndicesAlone(glass, maxWalkers);
        } finally {
            running.set(false);
        }
    }

    private DescentResult computeIndicesAlone(SphericalSpinGlass glass, int maxWalkers) {
        bind(glass);
        restore();
        if (maxWalkers < 0) {
            throw new IllegalArgumentException("maxWalkers must be >= 0, got " + maxWalkers);
        }
        List<Integer> todo = new ArrayList<>();
        int chosen = 0;
        for (int id = 0; id < walkers && chosen < maxWalkers; id++) {
            if (finished[id] && converged[id]) {
                chosen++;
                if (index[id] < 0) {
                    todo.add(id);
                }
            }
        }
        String label = String.format(Locale.ROOT, "Hessian eigenvalues, lambda=%d", lambda);
        try (Progress progress = Progress.resume(label, chosen, chosen - todo.size())) {
            for (int id : todo) {
                progress.step(0);
                double[] ev = glass.hessianEigenvalues(finalPoints[id]);
                smallestEigenvalue[id] = ev[0];
                index[id] = Index.count(ev);
                progress.step();
            }
        } finally {
            if (saveFile != null && !todo.isEmpty()) {
                save();
            }
        }
        return result();
    }

    /** Everything that decides this descent's numbers: a saved state is only used by an equal one. */
    private Fingerprint fingerprint() {
        Fingerprint.Builder f = Fingerprint.of("spin-glass descent").add("lambda", lambda).add("order", order).add("glass seed", glassSeed)
                .add("walkers", walkers).add("step size", stepSize).add("tolerance", tolerance).add("max steps", maxSteps)
                .add("seed", seed).add("noise", noise).add("noise steps", noiseSteps);
        if (walkersPerBlockValue() < walkers) { // absent when all walkers are one block: older files stay usable
            f.add("walkers per block", walkersPerBlockValue());
        }
        return f.build();
    }

    private void save() {
        SavedFile.write(saveFile, fingerprint(), out -> {
            out.writeInt(nextWalker);
            out.writeInt(finishedCount);
            out.writeDouble(seconds);
            out.writeLong(walkerSteps);
            for (int id = 0; id < walkers; id++) {
                out.writeBoolean(finished[id]);
                if (finished[id]) {
                    out.writeDouble(energies[id]);
                    out.writeInt(steps[id]);
                    out.writeBoolean(converged[id]);
                    out.writeDouble(gradientRms[id]);
                    writePoint(out, finalPoints[id]);
                    out.writeInt(index[id]);
                    out.writeDouble(smallestEigenvalue[id]);
                }
            }
            out.writeInt(active.size());
            for (Walker walker : active) {
                out.writeInt(walker.id);
                out.writeInt(walker.steps);
                writePoint(out, walker.w);
            }
        });
    }

    private static void writePoint(DataOutputStream out, double[] w) throws IOException {
        for (double v : w) {
            out.writeDouble(v);
        }
    }

    private double[] readPoint(DataInputStream in) throws IOException {
        double[] w = new double[lambda];
        for (int i = 0; i < lambda; i++) {
            w[i] = in.readDouble();
        }
        return w;
    }

    /** Once, before the first run on a glass: continues from the saved state, if there is a usable one. */
    private void restore() {
        if (saveFile == null || restored) {
            return;
        }
        restored = true;
        if (finishedCount > 0 || nextWalker > 0) {
            return; // this object already holds a run: it is newer than any file
        }
        try {
            SavedFile.read(saveFile, fingerprint(), in -> {
                int next = in.readInt(), count = in.readInt();
                if (next < 0 || next > walkers || count < 0 || count > walkers) {
                    throw new IOException("inconsistent counts " + next + ", " + count);
                }
                double secs = in.readDouble();
                long total = in.readLong();
                int seen = 0;
                for (int id = 0; id < walkers; id++) {
                    finished[id] = in.readBoolean();
                    if (finished[id]) {
                        seen++;
                        energies[id] = in.readDouble();
                        steps[id] = in.readInt();
                        converged[id] = in.readBoolean();
                        gradientRms[id] = in.readDouble();
                        finalPoints[id] = readPoint(in);
                        index[id] = in.readInt();
                        smallestEigenvalue[id] = in.readDouble();
                    }
                }
                int n = in.readInt();
                if (seen != count || n < 0 || n > walkers - count) {
                    throw new IOException("inconsistent walker counts");
                }
                for (int k = 0; k < n; k++) {
                    int id = in.readInt(), walkerSteps = in.readInt();
                    if (id < 0 || id >= next || finished[id] || walkerSteps < 0) {
                        throw new IOException("inconsistent running walker " + id);
                    }
                    Walker walker = new Walker(id, readPoint(in));
                    walker.steps = walkerSteps;
                    active.add(walker);
                }
                nextWalker = next;
                finishedCount = count;
                seconds = secs;
                this.walkerSteps = total;
                return null;
            });
        } catch (SavedFile.Unusable e) {
            clearState();
            switch (e.problem()) {
                case MISSING:
                    return;
                case FOREIGN:
                    throw new IllegalArgumentException("saveTo: " + e.getMessage(), e);
                default:
                    Path aside = SavedFile.moveAside(saveFile);
                    Display.show("The saved descent could not be used (" + e.getMessage() + "); it was moved to "
                            + aside.getFileName() + " and the descent starts over.");
            }
        }
    }

    /** Back to no walker started (after a checkpoint that could not be read half-way). */
    private void clearState() {
        active.clear();
        nextWalker = 0;
        finishedCount = 0;
        seconds = 0;
        walkerSteps = 0;
        java.util.Arrays.fill(finished, false);
        java.util.Arrays.fill(finalPoints, null);
        java.util.Arrays.fill(index, -1);
        java.util.Arrays.fill(smallestEigenvalue, Double.NaN);
    }

    /** The finished walkers so far. */
    public DescentResult result() {
        int n = finishedCount;
        int[] ids = new int[n];
        int k = 0;
        for (int id = 0; id < walkers; id++) {
            if (finished[id]) {
                ids[k++] = id;
            }
        }
        double[] e = new double[n], rms = new double[n], smallest = new double[n];
        int[] st = new int[n], idx = new int[n];
        boolean[] conv = new boolean[n];
        double[][] pts = new double[n][];
        for (int i = 0; i < n; i++) {
            int id = ids[i];
            e[i] = energies[id];
            rms[i] = gradientRms[id];
            smallest[i] = smallestEigenvalue[id];
            st[i] = steps[id];
            idx[i] = index[id];
            conv[i] = converged[id];
            pts[i] = finalPoints[id];
        }
        return new DescentResult(lambda, order, glassSeed, walkers, Double.isNaN(stepSize) ? 0 : stepSize, tolerance,
                maxSteps, ids, e, st, conv, rms, idx, smallest, pts, seconds, walkerSteps);
    }

    /**
     * One projected gradient step for all {@code points} at once (in place, no convergence test); returns their
     * energies before the step. For timing a step (the benchmark) and for experiments.
     */
    public static double[] step(SphericalSpinGlass glass, double[][] points, double stepSize) {
        double[][] g = glass.gradients(points);
        double[] e = new double[points.length];
        for (int k = 0; k < points.length; k++) {
            e[k] = Sphere.tangentInPlace(points[k], g[k]) / glass.order();
            Sphere.step(points[k], g[k], -stepSize);
        }
        return e;
    }
}
