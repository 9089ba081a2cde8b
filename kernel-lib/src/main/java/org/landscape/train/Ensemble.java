package org.landscape.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
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
import org.landscape.model.Network;
import org.landscape.plot.Plots;
import org.landscape.plot.Series;
import org.landscape.slice.Axis;
import org.landscape.slice.Slices;
import org.landscape.slice.Surface;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Many training runs, one per seed, with a progress bar. A run that diverges (NaN/inf) or throws is recorded as such
 * and the ensemble goes on. With a directory, every finished run is saved there at once, so an interrupted ensemble
 * resumes where it stopped when run again with the same directory.
 *
 * <pre>{@code
 * Ensemble.Result runs = Ensemble.run("width 25", 100, Path.of("runs/w25"), (index, seed) -> {
 *     Network net = Network.builder(arch).seed(seed).build();
 *     return trainer.seed(seed).train(net, data);
 * });
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
     * solutions, measure the barriers between them and converge their end points.
     */
    public static Result train(String name, Network.Builder builder, Trainer trainer, Dataset data, int runs, long firstSeed) {
        if (builder == null || trainer == null || data == null) {
            throw new IllegalArgumentException("builder, trainer and data must not be null");
        }
        Network template = builder.seed(firstSeed).build();
        template.checkData(data);
        Result result = run(name, runs, firstSeed, null, (index, seed) ->
                trainer.seed(seed).progress(false).name(name + ", seed " + seed).train(builder.seed(seed).build(), data));
        return result.with(template, data);
    }

    /** Runs {@code runs} jobs with seeds 0..runs-1; {@code directory} (may be null) keeps finished runs. */
    public static Result run(String name, int runs, Path directory, Job job) {
        return run(name, runs, 0, directory, job);
    }

    /** As {@link #run(String, int, Path, Job)} with seeds firstSeed, firstSeed + 1, ... */
    public static Result run(String name, int runs, long firstSeed, Path directory, Job job) {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be >= 1, got " + runs);
        }
        List<Outcome> outcomes = new ArrayList<>();
        int resumed = 0;
        for (int i = 0; i < runs; i++) {
            Outcome saved = directory == null ? null : load(directory, i, firstSeed + i);
            if (saved != null) {
                outcomes.add(saved);
                resumed++;
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
                        throw e;
                    }
                    outcome = new Outcome(i, seed, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0,
                            (System.nanoTime() - started) / 1e9, "failed: " + e, null);
                }
                outcomes.add(outcome);
                if (directory != null) {
                    save(directory, outcome);
                }
                try {
                    progress.step();
                } catch (java.util.concurrent.CancellationException e) {
                    if (directory != null) {
                        throw e; // finished runs are on disk: running again resumes
                    }
                    throw new java.util.concurrent.CancellationException(name + " interrupted after " + outcomes.size()
                            + " of " + runs + " runs; without a directory nothing is kept, so running the cell again "
                            + "starts over (pass a directory to resume)");
                }
            }
        }
        outcomes.sort((a, b) -> Integer.compare(a.index, b.index));
        return new Result(name, outcomes, resumed);
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

    private static Path file(Path directory, int index, String suffix) {
        return directory.resolve(String.format(Locale.ROOT, "run-%05d.%s", index, suffix));
    }

    static void save(Path directory, Outcome o) {
        try {
            Files.createDirectories(directory);
            Path params = file(directory, o.index, "theta");
            if (o.parameters != null) {
                try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(params)))) {
                    out.writeInt(o.parameters.length);
                    for (double v : o.parameters) {
                        out.writeDouble(v);
                    }
                }
            }
            // The summary is written last and atomically: its presence marks the run as finished.
            Path tmp = file(directory, o.index, "tmp");
            Files.writeString(tmp, String.format(Locale.ROOT, "%d,%d,%.17g,%.17g,%.17g,%.17g,%d,%.6f,%s%n", o.index,
                    o.seed, o.trainLoss, o.testLoss, o.trainAccuracy, o.testAccuracy, o.epochs, o.seconds,
                    o.problem == null ? "" : o.problem.replace('\n', ' ')));
            Files.move(tmp, file(directory, o.index, "csv"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not save run " + o.index + " to " + directory, e);
        }
    }

    static Outcome load(Path directory, int index, long seed) {
        Path summary = file(directory, index, "csv");
        if (!Files.exists(summary)) {
            return null;
        }
        try {
            String[] f = Files.readString(summary).trim().split(",", 9);
            if (Long.parseLong(f[1]) != seed) {
                throw new IllegalArgumentException("directory " + directory + " holds run " + index + " with seed " + f[1]
                        + ", not " + seed + ": use another directory for a different ensemble");
            }
            double[] theta = null;
            Path params = file(directory, index, "theta");
            if (Files.exists(params)) {
                try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(params)))) {
                    theta = new double[in.readInt()];
                    for (int i = 0; i < theta.length; i++) {
                        theta[i] = in.readDouble();
                    }
                }
            }
            String problem = f.length > 8 && !f[8].isEmpty() ? f[8] : null;
            return new Outcome(index, seed, Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]),
                    Double.parseDouble(f[5]), Integer.parseInt(f[6]), Double.parseDouble(f[7]), problem, theta);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read run " + index + " from " + directory, e);
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
        private Network network; // the architecture the runs trained, when made by Ensemble.train
        private Dataset data;

        Result(String name, List<Outcome> outcomes, int resumed) {
            this.name = name;
            this.outcomes = outcomes;
            this.resumed = resumed;
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
            return new Result(name + " (converged, |grad| < " + tolerance + ")", refined, resumed).with(network, data);
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
                    org.landscape.plot.ResultFile.meta("name", name, "resumed", resumed), table());
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
            return new Result(f.meta("name"), outcomes, f.metaInt("resumed"));
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
            return String.format(Locale.ROOT, "%s: %d runs (%d resumed from disk), %d finished, %d diverged, %d failed; %s",
                    name, outcomes.size(), resumed, losses.length, diverged, failed, spread);
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
