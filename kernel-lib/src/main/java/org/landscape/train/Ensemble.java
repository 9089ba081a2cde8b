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
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.landscape.display.Displayable;
import org.landscape.display.MimeBundle;
import org.landscape.display.Progress;
import org.landscape.display.Renderings;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
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
        private final double[] parameters;

        Outcome(int index, long seed, double trainLoss, double testLoss, double trainAccuracy, double testAccuracy,
                int epochs, double seconds, String problem, double[] parameters) {
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
                progress.step();
            }
        }
        outcomes.sort((a, b) -> Integer.compare(a.index, b.index));
        return new Result(name, outcomes, resumed);
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

    /** All runs of an ensemble. */
    public static final class Result implements Displayable {
        private final String name;
        private final List<Outcome> outcomes;
        private final int resumed;

        Result(String name, List<Outcome> outcomes, int resumed) {
            this.name = name;
            this.outcomes = outcomes;
            this.resumed = resumed;
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

        public Table toTable() {
            int n = outcomes.size();
            IntColumn run = IntColumn.create("run");
            DoubleColumn seed = DoubleColumn.create("seed");
            DoubleColumn train = DoubleColumn.create("train loss"), test = DoubleColumn.create("test loss");
            DoubleColumn trainAcc = DoubleColumn.create("train accuracy"), testAcc = DoubleColumn.create("test accuracy");
            IntColumn epochs = IntColumn.create("epochs");
            BooleanColumn ok = BooleanColumn.create("finished");
            StringColumn problem = StringColumn.create("problem");
            for (Outcome o : outcomes) {
                run.append(o.index);
                seed.append(o.seed);
                train.append(o.trainLoss);
                test.append(o.testLoss);
                trainAcc.append(o.trainAccuracy);
                testAcc.append(o.testAccuracy);
                epochs.append(o.epochs);
                ok.append(o.ok());
                problem.append(o.problem == null ? "" : o.problem);
            }
            return Table.create(name + " (" + n + " runs)", run, seed, train, test, trainAcc, testAcc, epochs, ok, problem);
        }

        /** Histogram of the final training losses of the finished runs. */
        public CategoryChart histogram() {
            double[] losses = finalTrainLosses();
            CategoryChart chart = new CategoryChartBuilder().width(560).height(320).title(name)
                    .xAxisTitle("final training loss").yAxisTitle("runs").build();
            org.landscape.plot.Plots.style(chart.getStyler());
            chart.getStyler().setLegendVisible(false);
            if (losses.length == 0) {
                chart.addSeries("runs", new double[]{0}, new double[]{0});
                return chart;
            }
            double lo = Arrays.stream(losses).min().getAsDouble(), hi = Arrays.stream(losses).max().getAsDouble();
            int bins = Math.max(5, Math.min(30, (int) Math.sqrt(losses.length) * 2));
            double width = hi > lo ? (hi - lo) / bins : 1;
            double[] centres = new double[bins], counts = new double[bins];
            for (int b = 0; b < bins; b++) {
                centres[b] = Double.parseDouble(String.format(Locale.ROOT, "%.3g", lo + (b + 0.5) * width));
            }
            for (double v : losses) {
                counts[Math.min(bins - 1, (int) ((v - lo) / width))]++;
            }
            chart.addSeries("runs", centres, counts);
            return chart;
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
            return Renderings.of(histogram()).withText(summary());
        }

        @Override
        public String toString() {
            return summary();
        }
    }
}
