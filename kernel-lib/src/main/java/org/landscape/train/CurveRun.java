package org.landscape.train;

import java.awt.BasicStroke;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.landscape.display.Renderings;
import org.landscape.plot.Figure;
import org.landscape.plot.Plots;
import org.landscape.plot.Result;
import org.landscape.plot.ResultFile;
import org.landscape.slice.Axis;
import org.landscape.slice.Curve;
import org.landscape.slice.ModeCurve;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/**
 * A trained curve between two solutions ({@link CurveTrainer}) and what it is for: the loss (and accuracy) along the
 * curve against the straight line between the same ends, on the training set and, if given, a test set; the
 * training objective per epoch. Shows as the loss along both paths beside the accuracy along both.
 *
 * <p>{@link #read} gives back the values along both paths and the training history, bit for bit; its {@link #curve()}
 * (the trained bend, a vector of every parameter, which {@link CurveTrainer#saveTo} keeps) says it is not in the file.
 */
public final class CurveRun implements Result {
    private final String name;
    private final ModeCurve curve;
    private final double[] history;
    private final Curve[] train;
    private final Curve[] test;
    private final String divergence;
    private final int resumedEpochs;
    private final double seconds;
    private String readFrom; // the file a run read back came from; null for a run trained here (set by read)

    CurveRun(String name, ModeCurve curve, double[] history, Curve[] train, Curve[] test, String divergence,
             int resumedEpochs, double seconds) {
        this.name = name;
        this.curve = curve;
        this.history = history;
        this.train = train;
        this.test = test;
        this.divergence = divergence;
        this.resumedEpochs = resumedEpochs;
        this.seconds = seconds;
    }

    /** The trained curve (its ends are the two solutions, its bend trained); not available for a run {@link #read} back. */
    public ModeCurve curve() {
        if (readFrom != null) {
            throw new IllegalStateException("the trained curve is not in " + readFrom + ": a curve run's file holds the "
                    + "values along the paths and the history, not the bend's parameters; train it again (same seed, "
                    + "same numbers), with CurveTrainer.saveTo(file) to keep the bend");
        }
        return curve;
    }

    /** The training loss along the straight line between the ends. */
    public Curve lineLoss() {
        return train[0];
    }

    /** The training loss along the trained curve. */
    public Curve curveLoss() {
        return train[1];
    }

    /** Training accuracy along the line (null for a network with one output). */
    public Curve lineAccuracy() {
        return train[2];
    }

    /** Training accuracy along the curve (null for a network with one output). */
    public Curve curveAccuracy() {
        return train[3];
    }

    /** On the test set: {line loss, curve loss, line accuracy, curve accuracy}; refused without a test set. */
    public Curve testCurve(int which) {
        if (test == null) {
            throw new IllegalStateException("no test set was given: use CurveTrainer.test(data)");
        }
        return test[which];
    }

    /** The mean minibatch loss at the random t's of each epoch: the objective E_t L(curve(t)) as training saw it. */
    public double[] history() {
        return history.clone();
    }

    /** {@link #history()} against the epoch: how the bend's training went. */
    public XYChart historyChart() {
        double[] epochs = new double[history.length];
        for (int e = 0; e < epochs.length; e++) {
            epochs[e] = e + 1;
        }
        XYChart chart = Plots.line(name + ": training the bend", "epoch", "mean minibatch loss at random t, E_t L(curve(t))",
                name, epochs, history);
        chart.getStyler().setMarkerSize(0);
        return chart;
    }

    /** Where training stopped because the loss was not finite, or null. */
    public String divergence() {
        return divergence;
    }

    /** Epochs taken from an interrupted or saved run of the same call. */
    public int resumedEpochs() {
        return resumedEpochs;
    }

    public double seconds() {
        return seconds;
    }

    /**
     * The curve's barrier over the line's (each {@link Curve#barrier}: the highest training loss on the path minus the
     * higher end): 0 for a curve as low as its ends, 1 for one no better than the line. NaN if the line has no barrier.
     */
    public double barrierRatio() {
        double line = lineLoss().barrier();
        return line > 0 ? Math.max(0, curveLoss().barrier()) / line : Double.NaN;
    }

    @Override
    public String summary() {
        return String.format(Locale.ROOT, "%s, %d epochs%s: training loss along it at most %.4g (ends %.4g and %.4g), "
                        + "along the straight line at most %.4g; barriers %.4g against %.4g (ratio %.3f)%s", name,
                history.length, resumedEpochs > 0 ? " (" + resumedEpochs + " resumed)" : "", curveLoss().max(),
                curveLoss().value(0), curveLoss().value(curveLoss().axis().points() - 1), lineLoss().max(),
                curveLoss().barrier(), lineLoss().barrier(), barrierRatio(),
                divergence == null ? "" : "; stopped " + divergence);
    }

    @Override
    public String toString() {
        return summary();
    }

    /** The loss along both paths, beside the accuracy (for a classifier). */
    @Override
    public Figure figure() {
        List<Figure> panels = new ArrayList<>();
        panels.add(new Figure(Renderings.chartImage(chart("loss along the straight line and the trained curve", "loss", 0)), "loss"));
        if (train[2] != null) {
            panels.add(new Figure(Renderings.chartImage(chart("accuracy along the straight line and the trained curve", "accuracy", 2)), "accuracy"));
        }
        return panels.size() == 1 ? panels.get(0) : Figure.row(panels.toArray(new Figure[0]));
    }

    /** The line and the curve, on the training set (solid) and the test set (if any), for entry {@code first}. */
    private XYChart chart(String title, String quantity, int first) {
        XYChart chart = Plots.xyChart(title, "t (0 = theta_A, 1 = theta_B)", quantity);
        // the legend below the plot: the paths fill the whole width, and a barrier's peak sits in the middle
        chart.getStyler().setMarkerSize(0).setLegendPosition(Styler.LegendPosition.OutsideS)
                .setLegendLayout(Styler.LegendLayout.Horizontal);
        addPair(chart, train, first, "train");
        if (test != null) {
            addPair(chart, test, first, "test");
        }
        return chart;
    }

    /** The line in blue, the curve in red; the test set's paths dashed in the same colours. */
    private static void addPair(XYChart chart, Curve[] c, int first, String set) {
        double[] t = c[first].axis().values();
        boolean test = set.equals("test");
        XYSeries line = chart.addSeries("line (" + set + ")", t, TrainingRun.finite(c[first].values()));
        XYSeries curve = chart.addSeries("curve (" + set + ")", t, TrainingRun.finite(c[first + 1].values()));
        line.setMarker(SeriesMarkers.NONE).setLineColor(Plots.PALETTE[0]);
        curve.setMarker(SeriesMarkers.NONE).setLineColor(Plots.PALETTE[1]);
        if (test) {
            BasicStroke dashed = new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                    new float[]{6f, 4f}, 0f);
            line.setLineStyle(dashed);
            curve.setLineStyle(dashed);
        }
    }

    private static final String[] WHAT = {"line loss", "curve loss", "line accuracy", "curve accuracy"};
    /** The quantity of each of the four curves, as {@link CurveTrainer} measures them. */
    private static final String[] QUANTITY = {"loss", "loss", "accuracy", "accuracy"};

    /** One row per point t: loss (and accuracy) along the line and along the curve, on the training and test sets. */
    @Override
    public Table table() {
        Table table = Table.create(name, DoubleColumn.create("t", train[0].axis().values()));
        for (int k = 0; k < 4; k++) {
            if (train[k] != null) {
                table.addColumns(DoubleColumn.create(WHAT[k], train[k].values()));
            }
            if (test != null && test[k] != null) {
                table.addColumns(DoubleColumn.create("test " + WHAT[k], test[k].values()));
            }
        }
        return table;
    }

    /**
     * Saves {@link #table()} with the axis, how the run went and its {@link #history()} (one number per epoch, on one
     * comment line: the table has one row per point t), for {@link #read}; not the bend.
     */
    @Override
    public void write(Path file) {
        Axis t = train[0].axis();
        String[] h = new String[history.length];
        for (int e = 0; e < h.length; e++) {
            h[e] = Double.toString(history[e]); // NaN and Infinity as words: an empty entry would be ambiguous
        }
        ResultFile.write(file, "CurveRun", ResultFile.meta("name", name, "seconds", seconds, "resumed epochs",
                resumedEpochs, "divergence", divergence, "axis.name", t.name(), "axis.min", t.min(), "axis.max", t.max(),
                "axis.points", t.points(), "history", String.join(" ", h)), table());
    }

    /**
     * The run saved by {@link #write}: the same values along both paths, history, summary, table and figure. Its
     * {@link #curve()} is not in the file and says so; a damaged file (a point off the axis, an accuracy outside
     * [0, 1], a history that is not numbers) is refused naming its line.
     */
    public static CurveRun read(Path file) {
        ResultFile f = ResultFile.read(file, "CurveRun");
        List<String> columns = Arrays.asList(f.columns());
        boolean classifier = columns.contains(WHAT[2]), withTest = columns.contains("test " + WHAT[0]);
        List<String> expected = new ArrayList<>(List.of("t"));
        for (int k = 0; k < (classifier ? 4 : 2); k++) {
            expected.add(WHAT[k]);
            if (withTest) {
                expected.add("test " + WHAT[k]);
            }
        }
        f.expectColumns(expected.toArray(new String[0]));
        Axis t;
        try {
            t = Axis.of(f.meta("axis.name"), f.metaDouble("axis.min"), f.metaDouble("axis.max"), f.metaInt("axis.points"));
        } catch (IllegalArgumentException e) {
            if (e.getMessage().startsWith(f.file().toString())) {
                throw e; // already names the file and line
            }
            throw f.badMeta("axis.points", e.getMessage());
        }
        if (f.rows() != t.points()) {
            throw f.badMeta("axis.points", "the axis has " + t.points() + " points but the table " + f.rows() + " rows");
        }
        double[] at = f.doubles("t");
        for (int i = 0; i < at.length; i++) {
            if (Double.doubleToLongBits(at[i]) != Double.doubleToLongBits(t.value(i))) {
                throw f.badCell(i, "t", at[i] + " is not point " + i + " of the axis, " + t.value(i));
            }
        }
        Curve[] train = new Curve[4], test = withTest ? new Curve[4] : null;
        for (int k = 0; k < (classifier ? 4 : 2); k++) {
            train[k] = readCurve(f, WHAT[k], QUANTITY[k], t);
            if (withTest) {
                test[k] = readCurve(f, "test " + WHAT[k], QUANTITY[k], t);
            }
        }
        double[] history = readHistory(f);
        int resumed = f.metaInt("resumed epochs");
        if (resumed < 0 || resumed > history.length) {
            throw f.badMeta("resumed epochs", "between 0 and the " + history.length + " epochs of the history, not "
                    + resumed);
        }
        CurveRun run = new CurveRun(f.meta("name"), null, history, train, test, f.metaOrNull("divergence"), resumed,
                f.metaDouble("seconds"));
        run.readFrom = f.file().toString();
        return run;
    }

    private static Curve readCurve(ResultFile f, String column, String quantity, Axis t) {
        double[] v = f.doubles(column);
        if (quantity.equals("accuracy")) {
            for (int i = 0; i < v.length; i++) {
                if (v[i] < 0 || v[i] > 1) {
                    throw f.badCell(i, column, "an accuracy is a fraction in [0, 1], not " + v[i]);
                }
            }
        }
        return Curve.of(quantity, t, v);
    }

    private static double[] readHistory(ResultFile f) {
        String text = f.meta("history");
        if (text.isEmpty()) {
            return new double[0];
        }
        String[] cells = text.split(" ", -1);
        double[] history = new double[cells.length];
        for (int e = 0; e < cells.length; e++) {
            try {
                history[e] = Double.parseDouble(cells[e]);
            } catch (NumberFormatException ex) {
                throw f.badMeta("history", "entry " + (e + 1) + ", '" + cells[e] + "', is not a number (one mean loss "
                        + "per epoch, separated by single spaces)");
            }
        }
        return history;
    }
}
