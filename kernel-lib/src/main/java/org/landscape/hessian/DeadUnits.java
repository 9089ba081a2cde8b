package org.landscape.hessian;

import org.landscape.plot.Charted;
import java.util.Arrays;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.landscape.data.Dataset;
import org.landscape.model.Activation;
import org.landscape.model.Architecture;
import org.landscape.model.Network;
import org.landscape.model.ParameterLayout;
import org.landscape.plot.Plots;
import org.landscape.plot.ResultFile;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * The rank of the Hessian as a share of the first hidden layer's units is switched off: a unit is killed by setting
 * its bias to {@link #DEAD_BIAS} (its pre-activation is then negative for every input of unit-scale data), the others
 * get {@link #ALIVE_BIAS}. The same weights with each activation. The Hessian is dense, by central differences of
 * {@code Risk} gradients; its rank counts eigenvalues larger than {@link #RANK_TOLERANCE} times the largest in
 * magnitude.
 *
 * <pre>{@code
 * DeadUnits ranks = DeadUnits.ranks(Architecture.of(5, 20, 1), data, 4, new double[]{0, 0.5, 1},
 *         Activation.RELU, Activation.LEAKY_RELU);
 * }</pre>
 *
 * <p>{@link #read} gives back the whole result (the ranks are all it keeps of the Hessians), so nothing is refused.
 */
public final class DeadUnits implements Charted {
    public static final double DEAD_BIAS = -20;
    public static final double ALIVE_BIAS = 0.5;
    public static final double RANK_TOLERANCE = 1e-8;

    private final Architecture architecture;
    private final double[] fractions;
    private final Activation[] activations;
    private final int[][] ranks;   // [activation][fraction]
    private final int parameters;

    private DeadUnits(Architecture architecture, double[] fractions, Activation[] activations, int[][] ranks,
                      int parameters) {
        this.architecture = architecture;
        this.fractions = fractions;
        this.activations = activations;
        this.ranks = ranks;
        this.parameters = parameters;
    }

    /** Ranks for each activation (networks of {@code architecture}, square loss, biases, seeded {@code seed}). */
    public static DeadUnits ranks(Architecture architecture, Dataset data, long seed, double[] fractions,
                                  Activation... activations) {
        if (architecture == null || data == null) {
            throw new IllegalArgumentException((architecture == null ? "architecture" : "data") + " must not be null");
        }
        if (fractions == null || fractions.length == 0 || Arrays.stream(fractions).anyMatch(f -> !(f >= 0 && f <= 1))) {
            throw new IllegalArgumentException("fractions must be shares of units in [0, 1], e.g. 0, 0.25, 0.5, got "
                    + Arrays.toString(fractions));
        }
        if (activations.length == 0) {
            throw new IllegalArgumentException("give at least one activation, e.g. Activation.RELU");
        }
        int[][] ranks = new int[activations.length][fractions.length];
        int parameters = 0;
        for (int a = 0; a < activations.length; a++) {
            Network net = Network.builder(architecture).activation(activations[a]).seed(seed).build();
            DenseMatrix.checkFits(net.parameterCount(), net.parameterCount(), "heap");
            parameters = (int) net.parameterCount();
            for (int k = 0; k < fractions.length; k++) {
                ranks[a][k] = rank(Hessians.dense(net, data, withDeadUnits(net, fractions[k])));
            }
        }
        return new DeadUnits(architecture, fractions.clone(), activations.clone(), ranks, parameters);
    }

    /** The network's parameters with the first round(fraction x units) units of the first hidden layer dead. */
    public static double[] withDeadUnits(Network net, double fraction) {
        ParameterLayout layout = net.layout();
        if (!layout.hasBiases()) {
            throw new IllegalArgumentException("units are killed through their biases: build the network with biases");
        }
        double[] theta = net.parameters();
        int units = layout.units(0), dead = (int) Math.round(fraction * units);
        for (int j = 0; j < units; j++) {
            theta[layout.layer(0).bias(j)] = j < dead ? DEAD_BIAS : ALIVE_BIAS;
        }
        return theta;
    }

    /** Eigenvalues larger than {@link #RANK_TOLERANCE} times the largest in magnitude. */
    public static int rank(DenseMatrix h) {
        Spectrum s = DenseEigen.all(h, false);
        double largest = Math.max(Math.abs(s.min()), Math.abs(s.max()));
        return (int) Arrays.stream(s.eigenvalues()).filter(v -> Math.abs(v) > RANK_TOLERANCE * largest).count();
    }

    public double[] fractions() {
        return fractions.clone();
    }

    /** The ranks for the activation at position {@code a} of those given. */
    public int[] ranks(int a) {
        return ranks[a].clone();
    }

    public int parameters() {
        return parameters;
    }

    /** Whether the ranks for activation a fall strictly at every step of the fractions. */
    public boolean strictlyFalling(int a) {
        return java.util.stream.IntStream.range(1, fractions.length).allMatch(k -> ranks[a][k] < ranks[a][k - 1]);
    }

    /** Whether activation a's rank exceeds activation b's at every fraction above the first. */
    public boolean higher(int a, int b) {
        return java.util.stream.IntStream.range(1, fractions.length).allMatch(k -> ranks[a][k] > ranks[b][k]);
    }

    @Override
    public String summary() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "rank of the Hessian of %s (%d parameters) "
                + "for dead fractions %s:", architecture, parameters, Arrays.toString(fractions)));
        for (int a = 0; a < activations.length; a++) {
            s.append(a == 0 ? " " : "; ").append(label(activations[a])).append(' ').append(Arrays.toString(ranks[a]));
        }
        return s.toString();
    }

    public XYChart chart() {
        XYChart chart = Plots.xyChart("rank of the Hessian (" + parameters + " parameters)",
                "fraction of hidden units dead (σ' = 0 on every input)", "rank (eigenvalues > 1e-8 of the largest)");
        chart.getStyler().setYAxisMin(0.0).setMarkerSize(8)
                .setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSW);
        for (int a = 0; a < activations.length; a++) {
            java.awt.Color colour = Plots.PALETTE[a % Plots.PALETTE.length];
            XYSeries series = chart.addSeries(label(activations[a]), fractions,
                    Arrays.stream(ranks[a]).asDoubleStream().toArray());
            series.setLineColor(colour);
            series.setMarkerColor(colour);
        }
        return chart;
    }

    @Override
    public Table table() {
        Table t = Table.create("rank of the Hessian", DoubleColumn.create("dead fraction", fractions));
        for (int a = 0; a < activations.length; a++) {
            t.addColumns(IntColumn.create("rank, " + label(activations[a]), ranks[a]));
        }
        return t;
    }

    /** Saves {@link #table()} with the architecture, the parameter count and the activations, for {@link #read}. */
    @Override
    public void write(java.nio.file.Path file) {
        ResultFile.write(file, "DeadUnits", ResultFile.meta("architecture", architecture, "parameters", parameters,
                "activations", String.join(", ", Arrays.stream(activations).map(Activation::name).toList())), table());
    }

    /** The ranks saved by {@link #write}; a damaged file is refused with its line. */
    public static DeadUnits read(java.nio.file.Path file) {
        ResultFile f = ResultFile.read(file, "DeadUnits");
        Architecture architecture = LayerwiseHessian.architecture(f, "architecture");
        int parameters = f.metaInt("parameters");
        if (parameters != architecture.parameterCount()) {
            throw f.badMeta("parameters", parameters + " parameters, but a network " + architecture + " with biases "
                    + "has " + architecture.parameterCount());
        }
        String[] names = f.meta("activations").split(",");
        Activation[] activations = new Activation[names.length];
        String[] columns = new String[names.length + 1];
        columns[0] = "dead fraction";
        for (int a = 0; a < names.length; a++) {
            try {
                activations[a] = Activation.valueOf(names[a].trim());
            } catch (IllegalArgumentException e) {
                throw f.badMeta("activations", "'" + names[a].trim() + "' is not one of "
                        + Arrays.toString(Activation.values()));
            }
            columns[a + 1] = "rank, " + label(activations[a]);
        }
        f.expectColumns(columns);
        if (f.rows() < 1) {
            throw f.badCell(0, columns[0], "there is at least one dead fraction, the file has none");
        }
        double[] fractions = f.doubles(columns[0]);
        for (int k = 0; k < fractions.length; k++) {
            if (!(fractions[k] >= 0 && fractions[k] <= 1)) {
                throw f.badCell(k, columns[0], fractions[k] + " is not a share of units in [0, 1]");
            }
        }
        int[][] ranks = new int[activations.length][];
        for (int a = 0; a < activations.length; a++) {
            ranks[a] = f.ints(columns[a + 1]);
            for (int k = 0; k < fractions.length; k++) {
                if (ranks[a][k] < 0 || ranks[a][k] > parameters) {
                    throw f.badCell(k, columns[a + 1], "rank " + ranks[a][k] + " of a " + parameters + " x "
                            + parameters + " Hessian");
                }
            }
        }
        return new DeadUnits(architecture, fractions, activations, ranks, parameters);
    }

    private static String label(Activation a) {
        return a.name().toLowerCase(Locale.ROOT).replace('_', ' ').replace("relu", "ReLU");
    }

    @Override
    public String toString() {
        return summary();
    }
}
