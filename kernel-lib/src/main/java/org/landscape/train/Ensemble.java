package org.landscape.train;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.landscape.display.MimeBundle;
import org.landscape.display.Progress;
import org.landscape.data.Dataset;
import org.landscape.display.Renderings;
import org.landscape.hessian.EnsembleIndex;
import org.landscape.hessian.Sharpness;
import org.landscape.model.Network;
import org.landscape.plot.Plots;
import org.landscape.plot.Series;
import org.landscape.slice.Axis;
import org.landscape.slice.Slices;
import org.landscape.slice.Surface;
import org.landscape.util.Fingerprint;
import org.landscape.util.SavedFile;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Many training runs, one per seed, with a progress bar. A run that diverges (NaN/inf) or throws is recorded as such
 * and the ensemble goes on. With a directory, every finished run is saved there at once with a fingerprint of what
 * made it, so an interrupted ensemble resumes where it stopped when run again with the same directory, and a
 * different job never uses (or overwrites) its runs.
 *
 * <pre>{@code
 * Ensemble.Result runs = Ensemble.train("width 25", Network.builder(arch), trainer, data, 100, 0, Path.of("runs/w25"));
 * }</pre>
 */
public final class Ensemble {
    private Ensemble() {
    }

    /** One run of the ensemble: build a network from {@code seed}, train it, return the run. */
    public interface Job {
        TrainingRun run(int index, long seed);
    }

    /** The outcome of one run, as kept on disk. */
    public static final class Outcome {
        public final int index;
        public final long seed;
        public final double trainLoss;
        public final double testLoss;
        public final double trainAccuracy;
        public final double testAccuracy;
        public final int epochs;
        public final double seconds;
        /** null when the run finished; otherwise how it diverged or failed. */
        public final String problem;
        /** |grad| at the end point and the Hessian's smallest eigenvalue there; NaN unless {@link Result#converged}. */
        public final double gradientNorm;
        public final double smallestEigenvalue;
        private final double[] parameters;

        Outcome(int index, long seed, double trainLoss, double testLoss, double trainAccuracy, double testAccuracy,
                int epochs, double seconds, String problem, double[] parameters) {
            this(index, seed, trainLoss, testLoss, trainAccuracy, testAccuracy, epochs, seconds, problem, parameters,
                    Double.NaN, Double.NaN);
        }

        Outcome(int index, long seed, double trainLoss, double testLoss, double trainAccuracy, double testAccuracy,
                int epochs, double seconds, String problem, double[] parameters, double gradientNorm,
                double smallestEigenvalue) {
            this.gradientNorm = gradientNorm;
            this.smallestEigenvalue = smallestEigenvalue;
            this.index = index;
            this.seed = seed;
            this.trainLoss = trainLoss;
            this.testLoss = testLoss;
            this.trainAccuracy = trainAccuracy;
            this.testAccuracy = testAccuracy;
            this.epochs = epochs;
            this.seconds = seconds;
            this.problem = problem;
            this.parameters = parameters;
        }

        public boolean ok() {
            return problem == null;
        }

        public double[] parameters() {
            return parameters == null ? null : parameters.clone();
        }
    }

    /**
     * Trains {@code runs} networks of one architecture, seeds {@code firstSeed}, {@code firstSeed + 1}, ...: each
     * built by {@code builder} with that seed and trained by {@code trainer} with that seed (the trainer's seed and
     * progress bar are set per run). The result knows the network and data, so it can cut the plane through the
     * solutions, measure the barriers between them and converge their end points. Interrupted, the finished runs are
     * kept in the kernel and the same call run again trains only the rest; {@link #train(String, Network.Builder,
     * Trainer, Dataset, int, long, Path)} keeps them on disk.
     */
    public static Result train(String name, Network.Builder builder, Trainer trainer, Dataset data, int runs, long firstSeed) {
        return train(name, builder, trainer, data, runs, firstSeed, null);
    }

    /**
     * As {@link #train(String, Network.Builder, Trainer, Dataset, int, long)}, every finished run saved in
     * {@code directory} (may be null) as soon as it ends, with a fingerprint of what made it: the network's
     * settings, every trainer setting, digests of the training and test data, the seed. Run again, the runs saved by
     * the same job are used and only the rest are trained; see {@link #run(String, int, long, Path, Fingerprint, Job)}
     * for what happens to damaged files and to another job's runs in the same directory.
     */
    public static Result train(String name, Network.Builder builder, Trainer trainer, Dataset data, int runs, long firstSeed,
                               Path directory) {
        if (builder == null || trainer == null || data == null) {
            throw new IllegalArgumentException("builder, trainer and data must not be null");
        }
        Network template = builder.seed(firstSeed).build();
        template.checkData(data);
        Fingerprint what = Fingerprint.of("trained networks").add("network", builder.fingerprint())
                .add("trainer", trainer.fingerprint()).add("data", data.fingerprint()).build();
        Result result = run(name, runs, firstSeed, directory, what, (index, seed) ->
                trainer.seed(seed).progress(false).name(name + ", seed " + seed).train(builder.seed(seed).build(), data));
        return result.with(template, data);
    }

    /** Runs {@code runs} jobs with seeds 0..runs-1, nothing kept (a directory needs a fingerprint: see below). */
    public static Result run(String name, int runs, Path directory, Job job) {
        return run(name, runs, 0, directory, job);
    }

    /** As {@link #run(String, int, Path, Job)} with seeds firstSeed, firstSeed + 1, ... */
    public static Result run(String name, int runs, long firstSeed, Path directory, Job job) {
        if (directory != null) {
            throw new IllegalArgumentException("directory: saved runs must know what made them, and a bare Job cannot say: "
                    + "pass a fingerprint of everything the job depends on besides the seed, e.g. Ensemble.run(name, runs, "
                    + "firstSeed, directory, Fingerprint.of(\"my job\").add(\"learning rate\", 0.05).build(), job), or use "
                    + "Ensemble.train(name, builder, trainer, data, runs, firstSeed, directory), which records it itself");
        }
        return run(name, runs, firstSeed, null, null, job);
    }

    /**
     * Runs {@code runs} jobs, seeds firstSeed, firstSeed + 1, ...; {@code what} describes everything the job depends
     * on besides its index and seed (a job that reads a learning rate must have it in {@code what}), or is null for
     * a job that keeps nothing.
     *
     * <p>With a {@code directory}, each finished run is saved at once ({@link SavedFile}: atomic, checksummed) in
     * the job's own subdirectory {@code job-<digest of what>}, so different jobs sharing a directory never
     * overwrite each other's runs. Run again with the same job, saved runs are used and only the rest are computed
     * (after a {@code kill -9} too: the results are bit for bit those of an uninterrupted run). A saved run that is
     * missing is computed; one that is truncated or damaged is reported (one line in {@link Result#notes()} and the
     * summary) and computed again; another job's runs in the directory are reported with what differs and left
     * alone. A run that diverged or failed is kept as such, and reported, while the job is unchanged; change what
     * caused it (the rate, the network...) and the new job computes it again.
     *
     * <p>Without a directory but with {@code what}, an interrupted ensemble keeps its finished runs in the kernel
     * (the last {@value #KEPT} interrupted ensembles), and the same call run again computes only the rest.
     */
    public static Result run(String name, int runs, long firstSeed, Path directory, Fingerprint what, Job job) {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be >= 1, got " + runs);
        }
        if (job == null) {
            throw new IllegalArgumentException("job must not be null");
        }
        if (directory != null && what == null) {
            return run(name, runs, firstSeed, directory, job); // refused there, with the fix
        }
        Fingerprint jobPrint = what == null ? null
                : Fingerprint.of("ensemble").add("format", FORMAT).add("job", what).build();
        Store store = directory == null ? null : new Store(directory, jobPrint);
        List<String> notes = new ArrayList<>();
        if (store != null) {
            notes.addAll(store.open());
        }
        List<Outcome> outcomes = new ArrayList<>();
        int resumed = 0;
        java.util.Map<Long, Outcome> kept = jobPrint == null ? java.util.Map.of() : remembered(jobPrint.digest());
        for (int i = 0; i < runs; i++) {
            long seed = firstSeed + i;
            Outcome saved = store != null ? store.load(i, seed, notes) : kept.get(key(i, seed));
            if (saved != null) {
                outcomes.add(saved);
                resumed++;
                if (!saved.ok()) {
                    notes.add(String.format(Locale.ROOT, "run %d (seed %d) %s when it was first computed: kept as "
                            + "such, since nothing it depends on changed (change the network, trainer or data to "
                            + "compute it again)", i, seed, saved.problem));
                }
            }
        }
        try (Progress progress = Progress.resume(name + " (" + runs + " runs)", runs, resumed)) {
            for (int i = 0; i < runs; i++) {
                if (find(outcomes, i) != null) {
                    continue;
                }
                long seed = firstSeed + i;
                long started = System.nanoTime();
                Outcome outcome;
                try {
                    TrainingRun run = job.run(i, seed);
                    outcome = new Outcome(i, seed, run.finalTrainLoss(), run.finalTestLoss(), run.finalTrainAccuracy(),
                            run.finalTestAccuracy(), run.epochs(), run.seconds(),
                            run.diverged() ? "diverged " + run.divergence() : null, run.finalParameters());
                } catch (RuntimeException e) {
                    if (e instanceof java.util.concurrent.CancellationException) {
                        throw interrupted(name, outcomes, runs, store, jobPrint, e);
                    }
                    outcome = new Outcome(i, seed, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0,
                            (System.nanoTime() - started) / 1e9, "failed: " + e, null);
                }
                outcomes.add(outcome);
                if (store != null) {
                    store.save(outcome);
                }
                try {
                    progress.step();
                } catch (java.util.concurrent.CancellationException e) {
                    throw interrupted(name, outcomes, runs, store, jobPrint, e);
                }
            }
        }
        outcomes.sort((a, b) -> Integer.compare(a.index, b.index));
        return new Result(name, outcomes, resumed, notes);
    }

    /** Version of the saved runs' layout and of what they hold; part of every run's fingerprint. */
    static final int FORMAT = 2;
    /** Interrupted ensembles without a directory kept in the kernel for resumption. */
    static final int KEPT = 4;
    private static final java.util.Map<String, java.util.Map<Long, Outcome>> INTERRUPTED =
            new java.util.LinkedHashMap<>(8, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, java.util.Map<Long, Outcome>> eldest) {
                    return size() > KEPT;
                }
            };

    private static long key(int index, long seed) {
        return seed * 1_000_003L + index;
    }

    private static java.util.Map<Long, Outcome> remembered(String digest) {
        synchronized (INTERRUPTED) {
            java.util.Map<Long, Outcome> m = INTERRUPTED.remove(digest);
            return m == null ? java.util.Map.of() : m;
        }
    }

    private static java.util.concurrent.CancellationException interrupted(String name, List<Outcome> outcomes, int runs,
                                                                           Store store, Fingerprint jobPrint,
                                                                           RuntimeException cause) {
        String said;
        if (store != null) {
            said = "finished runs are saved in " + store.dir + ", so running the cell again resumes";
        } else if (jobPrint != null) {
            java.util.Map<Long, Outcome> m = new java.util.HashMap<>();
            for (Outcome o : outcomes) {
                m.put(key(o.index, o.seed), o);
            }
            synchronized (INTERRUPTED) {
                INTERRUPTED.put(jobPrint.digest(), m);
            }
            said = "finished runs are kept in this kernel, so running the same call again resumes (pass a directory "
                    + "to keep them across kernel restarts)";
        } else {
            said = "without a directory nothing is kept, so running the cell again starts over (pass a directory to resume)";
        }
        java.util.concurrent.CancellationException e = new java.util.concurrent.CancellationException(name
                + " interrupted after " + outcomes.size() + " of " + runs + " runs; " + said);
        e.initCause(cause);
        return e;
    }

    /**
     * The final training losses of several ensembles' finished runs, each sorted, against their rank, on a log
     * scale (losses below 1e-12 drawn at 1e-12): how the starts of each ensemble spread.
     */
    public static XYChart sortedLosses(String title, Result... results) {
        Series[] series = new Series[results.length];
        for (int k = 0; k < results.length; k++) {
            double[] losses = Arrays.stream(results[k].finalTrainLosses()).sorted().map(v -> Math.max(v, 1e-12)).toArray();
            if (losses.length == 0) {
                throw new IllegalArgumentException(results[k].name + " has no finished run to draw");
            }
            series[k] = Series.of(results[k].name, java.util.stream.IntStream.rangeClosed(1, losses.length)
                    .asDoubleStream().toArray(), losses);
        }
        XYChart chart = Plots.scatter(title, "start (sorted by final loss)", "final training loss", series);
        chart.getStyler().setYAxisLogarithmic(true).setLegendVisible(true)
                .setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        return chart;
    }

    private static Outcome find(List<Outcome> outcomes, int index) {
        for (Outcome o : outcomes) {
            if (o.index == index) {
                return o;
            }
        }
        return null;
    }

    /**
     * An ensemble's saved runs: {@code directory/job-<digest>/run-NNNNN-seed-S.saved}, one {@link SavedFile} per
     * run whose fingerprint is the job's plus the run's index and seed, and {@code job.saved} naming the job.
     */
    static final class Store {
        private static final String JOB = "job.saved";
        final Path root;
        final Path dir;
        private final Fingerprint job;

        Store(Path root, Fingerprint job) {
            this.root = root.toAbsolutePath();
            this.job = job;
            this.dir = this.root.resolve("job-" + job.digest().substring(0, 16));
        }

        /** Checks the directory before anything is computed; returns what the user should know about it. */
        List<String> open() {
            List<String> notes = new ArrayList<>();
            if (Files.exists(root) && !Files.isDirectory(root)) {
                throw new IllegalArgumentException("directory " + root + " is a file: pass a directory for the saved runs");
            }
            Path mine = dir.resolve(JOB);
            if (Files.exists(mine)) {
                try {
                    Fingerprint saved = SavedFile.fingerprint(mine);
                    if (!saved.equals(job)) {
                        throw new IllegalStateException(dir + " holds the runs of another job (" + String.join("; ",
                                saved.differences(job)) + "); they are not used nor overwritten: move that directory "
                                + "away or pass another directory");
                    }
                } catch (SavedFile.Unusable e) {
                    notes.add("the job description of " + dir + " is unusable (" + e.getMessage() + "): written again");
                    writeJob(mine);
                }
            } else {
                writeJob(mine);
            }
            if (Files.isDirectory(root)) {
                try (var entries = Files.list(root)) {
                    for (Path other : (Iterable<Path>) entries.sorted()::iterator) {
                        String n = other.getFileName().toString();
                        if (n.startsWith("job-") && !other.equals(dir) && Files.isDirectory(other)) {
                            notes.add(describeOther(other));
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("could not list " + root, e);
                }
                try (var entries = Files.list(root)) {
                    long legacy = entries.filter(f -> f.getFileName().toString().matches("run-\\d{5}\\.csv")).count();
                    if (legacy > 0) {
                        notes.add(root + " holds " + legacy + " runs saved by an earlier version of the library "
                                + "(run-NNNNN.csv and .theta, without a record of what made them): not used; delete them "
                                + "once you no longer need them");
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("could not list " + root, e);
                }
            }
            return notes;
        }

        private void writeJob(Path file) {
            SavedFile.write(file, job, out -> { });
        }

        private String describeOther(Path other) {
            long count;
            try (var files = Files.list(other)) {
                count = files.filter(f -> f.getFileName().toString().endsWith(".saved")
                        && !f.getFileName().toString().equals(JOB)).count();
            } catch (IOException e) {
                count = -1;
            }
            String what;
            try {
                what = "differs in " + String.join("; ", SavedFile.fingerprint(other.resolve(JOB)).differences(job));
            } catch (SavedFile.Unusable e) {
                what = "its description is unusable: " + e.getMessage();
            }
            return root + " also holds " + (count < 0 ? "the" : String.valueOf(count)) + " runs of another job in "
                    + other.getFileName() + " (" + what + "): kept apart, not used";
        }

        Path file(int index, long seed) {
            return dir.resolve(String.format(Locale.ROOT, "run-%05d-seed-%d.saved", index, seed));
        }

        Fingerprint print(int index, long seed) {
            return Fingerprint.of("ensemble run").add("ensemble", job).add("run", index).add("seed", seed).build();
        }

        void save(Outcome o) {
            SavedFile.write(file(o.index, o.seed), print(o.index, o.seed), out -> {
                out.writeInt(o.index);
                out.writeLong(o.seed);
                out.writeDouble(o.trainLoss);
                out.writeDouble(o.testLoss);
                out.writeDouble(o.trainAccuracy);
                out.writeDouble(o.testAccuracy);
                out.writeInt(o.epochs);
                out.writeDouble(o.seconds);
                String problem = o.problem == null ? null
                        : o.problem.length() > 4000 ? o.problem.substring(0, 4000) + "..." : o.problem;
                out.writeBoolean(problem != null);
                if (problem != null) {
                    out.writeUTF(problem);
                }
                out.writeInt(o.parameters == null ? -1 : o.parameters.length);
                if (o.parameters != null) {
                    for (double v : o.parameters) {
                        out.writeDouble(v);
                    }
                }
            });
        }

        /** The saved run, or null when it must be computed (a damaged file is noted); another job's file is refused. */
        Outcome load(int index, long seed, List<String> notes) {
            Path f = file(index, seed);
            try {
                return SavedFile.read(f, print(index, seed), in -> read(in, index, seed));
            } catch (SavedFile.Unusable e) {
                switch (e.problem()) {
                    case MISSING:
                        return null;
                    case CORRUPT:
                        notes.add(String.format(Locale.ROOT, "run %d (seed %d): its saved file is unusable (%s); "
                                + "computed again", index, seed, e.getMessage()));
                        return null;
                    default:
                        throw new IllegalStateException("run " + index + " (seed " + seed + ") in " + dir + " was saved "
                                + "by another job: " + e.getMessage() + "; it is not overwritten: move that file away "
                                + "or pass another directory", e);
                }
            }
        }

        private static Outcome read(DataInputStream in, int index, long seed) throws IOException {
            if (in.readInt() != index || in.readLong() != seed) {
                throw new IOException("the run's index or seed does not match its fingerprint");
            }
            double trainLoss = in.readDouble(), testLoss = in.readDouble();
            double trainAccuracy = in.readDouble(), testAccuracy = in.readDouble();
            int epochs = in.readInt();
            double seconds = in.readDouble();
            String problem = in.readBoolean() ? in.readUTF() : null;
            int n = in.readInt();
            if (n < -1 || (n == -1 && problem == null)) {
                throw new IOException("a finished run without parameters (" + n + ")");
            }
            double[] theta = null;
            if (n >= 0) {
                theta = new double[n];
                for (int i = 0; i < n; i++) {
                    theta[i] = in.readDouble();
                }
            }
            return new Outcome(index, seed, trainLoss, testLoss, trainAccuracy, testAccuracy, epochs, seconds, problem, theta);
        }
    }

    /**
     * All runs of an ensemble: shows as the histogram of their final training losses, {@link #table()} has one row
     * per run. {@link #write} saves the table; {@link #read} gives back the runs' numbers, without their parameters,
     * network and data (a directory given to {@link Ensemble#run} keeps those).
     */
    public static final class Result implements org.landscape.plot.Charted {
        private final String name;
        private final List<Outcome> outcomes;
        private final int resumed;
        private final List<String> notes;
        private Network network; // the architecture the runs trained, when made by Ensemble.train
        private Dataset data;

        Result(String name, List<Outcome> outcomes, int resumed, List<String> notes) {
            this.name = name;
            this.outcomes = outcomes;
            this.resumed = resumed;
            this.notes = List.copyOf(notes);
        }

        /**
         * What the user should know about the saved runs, one line each: damaged files computed again, runs that
         * failed when first computed and were kept as failed, another job's runs in the same directory.
         */
        public List<String> notes() {
            return notes;
        }

        Result with(Network network, Dataset data) {
            this.network = network;
            this.data = data;
            return this;
        }

        public String name() {
            return name;
        }

        /** A network of the ensemble's architecture (its parameters: the first solution's). */
        public Network network() {
            requireNetwork("network()");
            Network copy = network.copy();
            copy.setParameters(solution(0));
            return copy;
        }

        /** The training data of the runs. */
        public Dataset data() {
            requireNetwork("data()");
            return data;
        }

        /**
         * The index of every finished run's solution on the training data (P5), by {@link EnsembleIndex}'s rule
         * (dense up to its limit, else Lanczos), with |grad| and residuals; members are numbered by run.
         */
        public EnsembleIndex indices() {
            return indices(EnsembleIndex.settings());
        }

        /** The same with other settings. */
        public EnsembleIndex indices(EnsembleIndex.Settings settings) {
            if (settings == null) {
                throw new IllegalArgumentException("settings must not be null: use EnsembleIndex.settings()");
            }
            requireNetwork("indices");
            if (finished().isEmpty()) {
                throw new IllegalArgumentException(name + ": no run finished, there is no solution to take the index of");
            }
            return settings.of(name, network, data, solutions(), finished().stream().mapToInt(o -> o.index).toArray());
        }

        /**
         * The sharpness of every finished run's solution on this ensemble's training data ({@link Sharpness}: top
         * Hessian eigenvalue, trace, epsilon- and adaptive sharpness; test loss and accuracy on {@code test}, which may
         * be null), grouped under this ensemble's name.
         */
        public Sharpness.Comparison sharpness(Sharpness.Settings settings, Dataset test) {
            if (settings == null) {
                throw new IllegalArgumentException("settings must not be null: use Sharpness.settings()");
            }
            requireNetwork("sharpness");
            if (finished().isEmpty()) {
                throw new IllegalArgumentException(name + ": no run finished, there is no solution to measure");
            }
            return settings.of(name, network, data, test, solutions());
        }

        /** The parameters each finished run ended at, in run order. */
        public double[][] solutions() {
            requireParameters();
            return finished().stream().map(Outcome::parameters).toArray(double[][]::new);
        }

        /** The end point of the k-th finished run. */
        public double[] solution(int k) {
            List<Outcome> ok = finished();
            if (k < 0 || k >= ok.size()) {
                throw new IllegalArgumentException("solution " + k + " does not exist: " + ok.size() + " runs finished");
            }
            requireParameters();
            return ok.get(k).parameters();
        }

        /** The training loss over the plane through the first three solutions (they sit at (0,0), (1,0), (0,1)). */
        public Surface plane(int points) {
            requireNetwork("plane");
            if (finished().size() < 3) {
                throw new IllegalStateException("the plane through three solutions needs 3 finished runs, " + name
                        + " has " + finished().size());
            }
            Surface s = Slices.throughThree(network, data, solution(0), solution(1), solution(2), points);
            return s;
        }

        /**
         * The barrier on the straight line between every pair of solutions (the highest training loss on it above
         * the higher end, 0 if the line never rises above it), from {@code points} points per line: one row per pair.
         */
        public Table barriers(int points) {
            requireNetwork("barriers");
            double[][] t = solutions();
            IntColumn a = IntColumn.create("run a"), b = IntColumn.create("run b");
            DoubleColumn la = DoubleColumn.create("loss a"), lb = DoubleColumn.create("loss b");
            DoubleColumn top = DoubleColumn.create("highest loss"), barrier = DoubleColumn.create("barrier");
            for (int i = 0; i < t.length; i++) {
                for (int j = i + 1; j < t.length; j++) {
                    var line = Slices.line(network, data, t[i], t[j], Axis.of("t", 0, 1, points));
                    a.append(finished().get(i).index);
                    b.append(finished().get(j).index);
                    la.append(line.value(0));
                    lb.append(line.value(points - 1));
                    top.append(line.max());
                    barrier.append(Math.max(0, line.barrier()));
                }
            }
            return Table.create(name + ": barriers between solutions", a, b, la, lb, top, barrier);
        }

        /** The mean barrier over all pairs of solutions ({@link #barriers}). */
        public double meanBarrier(int points) {
            return barriers(points).doubleColumn("barrier").mean();
        }

        /** The mean basin width of the solutions ({@link Slices#basinWidth}), seeds {@code seed + 10 k} for run k. */
        public double basinWidth(int directions, double rise, double maxDistance, long seed) {
            requireNetwork("basinWidth");
            double[][] t = solutions();
            double sum = 0;
            for (int k = 0; k < t.length; k++) {
                sum += Slices.basinWidth(network, data, t[k], directions, rise, maxDistance, seed + 10L * k);
            }
            return sum / t.length;
        }

        /**
         * The same runs with each finished end point converged by damped Newton steps ({@link Newton}) until
         * |grad| < {@code tolerance}: their losses, |grad| and the Hessian's smallest eigenvalue (>= 0 at a
         * minimum). A run that does not converge within {@code maxSteps} keeps its |grad| and is marked.
         */
        public Result converged(double tolerance, int maxSteps) {
            requireNetwork("converged");
            List<Outcome> refined = new ArrayList<>();
            try (Progress progress = Progress.start(name + ": converging end points", outcomes.size())) {
                for (Outcome o : outcomes) {
                    if (!o.ok()) {
                        refined.add(o);
                    } else {
                        Newton.Point p;
                        try {
                            p = Newton.refine(network, data, o.parameters, tolerance, maxSteps);
                        } catch (RuntimeException e) {
                            refined.add(new Outcome(o.index, o.seed, o.trainLoss, o.testLoss, o.trainAccuracy,
                                    o.testAccuracy, o.epochs, o.seconds, "not converged: " + e.getMessage(),
                                    o.parameters, Double.NaN, Double.NaN));
                            progress.step();
                            continue;
                        }
                        refined.add(new Outcome(o.index, o.seed, p.loss(), o.testLoss, o.trainAccuracy, o.testAccuracy,
                                o.epochs, o.seconds, p.converged() ? null : "not converged: |grad| " + p.gradientNorm(),
                                p.theta(), p.gradientNorm(), p.smallestEigenvalue()));
                    }
                    progress.step();
                }
            }
            return new Result(name + " (converged, |grad| < " + tolerance + ")", refined, resumed, notes).with(network, data);
        }

        private void requireParameters() {
            if (finished().stream().anyMatch(o -> o.parameters == null)) {
                throw new IllegalStateException(name + ": the runs' parameters are not here (a result read back from its "
                        + "table holds their numbers only): run the ensemble with a directory to keep them");
            }
        }

        private void requireNetwork(String what) {
            if (network == null) {
                throw new IllegalStateException(what + " needs the ensemble's network and data: make it with "
                        + "Ensemble.train(name, builder, trainer, data, runs, firstSeed)");
            }
        }

        public List<Outcome> outcomes() {
            return outcomes;
        }

        /** The runs that finished without diverging or failing. */
        public List<Outcome> finished() {
            List<Outcome> ok = new ArrayList<>();
            for (Outcome o : outcomes) {
                if (o.ok()) {
                    ok.add(o);
                }
            }
            return ok;
        }

        public int resumed() {
            return resumed;
        }

        public double[] finalTrainLosses() {
            return finished().stream().mapToDouble(o -> o.trainLoss).toArray();
        }

        public double[] finalTestLosses() {
            return finished().stream().mapToDouble(o -> o.testLoss).toArray();
        }

        /** One row per run: seed, final losses and accuracies, epochs, seconds, whether it finished, what went wrong. */
        @Override
        public Table table() {
            int n = outcomes.size();
            IntColumn run = IntColumn.create("run");
            LongColumn seed = LongColumn.create("seed");
            DoubleColumn seconds = DoubleColumn.create("seconds");
            DoubleColumn train = DoubleColumn.create("train loss"), test = DoubleColumn.create("test loss");
            DoubleColumn trainAcc = DoubleColumn.create("train accuracy"), testAcc = DoubleColumn.create("test accuracy");
            IntColumn epochs = IntColumn.create("epochs");
            BooleanColumn ok = BooleanColumn.create("finished");
            StringColumn problem = StringColumn.create("problem");
            DoubleColumn grad = DoubleColumn.create("|grad|"), lambda = DoubleColumn.create("smallest eigenvalue");
            boolean refined = outcomes.stream().anyMatch(o -> !Double.isNaN(o.gradientNorm));
            for (Outcome o : outcomes) {
                grad.append(o.gradientNorm);
                lambda.append(o.smallestEigenvalue);
                run.append(o.index);
                seed.append(o.seed);
                train.append(o.trainLoss);
                test.append(o.testLoss);
                trainAcc.append(o.trainAccuracy);
                testAcc.append(o.testAccuracy);
                epochs.append(o.epochs);
                seconds.append(o.seconds);
                ok.append(o.ok());
                problem.append(o.problem == null ? "" : o.problem);
            }
            Table table = Table.create(name + " (" + n + " runs)", run, seed, train, test, trainAcc, testAcc, epochs,
                    seconds, ok, problem);
            if (refined) {
                table.addColumns(grad, lambda);
            }
            return table;
        }

        private static final String[] COLUMNS = {"run", "seed", "train loss", "test loss", "train accuracy",
                "test accuracy", "epochs", "seconds", "finished", "problem"};

        /** Saves {@link #table()} (the runs' numbers, not their parameters) for {@link #read}. */
        @Override
        public void write(Path file) {
            org.landscape.plot.ResultFile.write(file, "Ensemble.Result",
                    org.landscape.plot.ResultFile.meta("name", name, "resumed", resumed,
                            "notes", notes.isEmpty() ? null : String.join("\n", notes)), table());
        }

        /**
         * The runs saved by {@link #write}: the same table, summary and histogram. Their parameters, network and data
         * are not in the file, so solutions, planes, barriers and convergence say so when asked for.
         */
        public static Result read(Path file) {
            var f = org.landscape.plot.ResultFile.read(file, "Ensemble.Result");
            boolean refined = f.columns().length > COLUMNS.length;
            String[] expected = refined ? Arrays.copyOf(COLUMNS, COLUMNS.length + 2) : COLUMNS;
            if (refined) {
                expected[COLUMNS.length] = "|grad|";
                expected[COLUMNS.length + 1] = "smallest eigenvalue";
            }
            f.expectColumns(expected);
            int[] run = f.ints("run"), epochs = f.ints("epochs");
            long[] seed = f.longs("seed");
            double[] train = f.doubles("train loss"), test = f.doubles("test loss"), trainAcc = f.doubles("train accuracy"),
                    testAcc = f.doubles("test accuracy"), seconds = f.doubles("seconds");
            double[] grad = refined ? f.doubles("|grad|") : null, lambda = refined ? f.doubles("smallest eigenvalue") : null;
            boolean[] finished = f.booleans("finished");
            String[] problem = f.strings("problem");
            List<Outcome> outcomes = new ArrayList<>();
            for (int i = 0; i < run.length; i++) {
                if (finished[i] != problem[i].isEmpty()) {
                    throw f.badCell(i, "finished", finished[i] + " but problem '" + problem[i] + "': a finished run has no "
                            + "problem and a run with one is not finished");
                }
                outcomes.add(new Outcome(run[i], seed[i], train[i], test[i], trainAcc[i], testAcc[i], epochs[i],
                        seconds[i], problem[i].isEmpty() ? null : problem[i], null, refined ? grad[i] : Double.NaN,
                        refined ? lambda[i] : Double.NaN));
            }
            String notes = f.metaOrNull("notes");
            return new Result(f.meta("name"), outcomes, f.metaInt("resumed"),
                    notes == null ? List.of() : List.of(notes.split("\n", -1)));
        }

        /**
         * Histogram of the final training losses of the finished runs (when none finished, of every run with a finite
         * loss, and the title says so).
         */
        @Override
        public XYChart chart() {
            double[] losses = finalTrainLosses();
            String title = name;
            if (losses.length == 0) {
                losses = outcomes.stream().mapToDouble(o -> o.trainLoss).filter(Double::isFinite).toArray();
                title = name + ": no run finished; all runs with a finite loss";
            }
            if (losses.length == 0) {
                throw new IllegalStateException(name + ": no run has a finite final loss to draw; see table()");
            }
            return Plots.histogram(title, "final training loss", Math.max(5, Math.min(30, 2 * (int) Math.sqrt(losses.length))),
                    Series.values("runs", losses));
        }

        @Override
        public String summary() {
            long diverged = outcomes.stream().filter(o -> o.problem != null && o.problem.startsWith("diverged")).count();
            long failed = outcomes.stream().filter(o -> o.problem != null && o.problem.startsWith("failed")).count();
            double[] losses = finalTrainLosses();
            Arrays.sort(losses);
            String spread = losses.length == 0 ? "no finished run" : String.format(Locale.ROOT,
                    "final train loss min %.4g, median %.4g, max %.4g", losses[0], losses[losses.length / 2],
                    losses[losses.length - 1]);
            String line = String.format(Locale.ROOT, "%s: %d runs (%d resumed), %d finished, %d diverged, %d failed; %s",
                    name, outcomes.size(), resumed, losses.length, diverged, failed, spread);
            return notes.isEmpty() ? line : line + "\n" + String.join("\n", notes);
        }

        @Override
        public MimeBundle toMimeBundle() {
            return finished().isEmpty() ? Renderings.of(summary()) : org.landscape.plot.Charted.super.toMimeBundle();
        }

        @Override
        public String toString() {
            return summary();
        }
    }
}
