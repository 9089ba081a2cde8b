package org.landscape.hessian;

import java.util.Arrays;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.landscape.data.Dataset;
import org.landscape.display.Progress;
import org.landscape.display.Renderings;
import org.landscape.model.Network;
import org.landscape.model.Risk;
import org.landscape.plot.Figure;
import org.landscape.plot.Plots;
import org.landscape.plot.Result;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * Plain full-batch gradient descent theta <- theta - rate grad R_S(theta) on the whole sample, through {@link Risk},
 * with the loss recorded along the way: the small deterministic trainer that curvature experiments start from (a
 * Hessian is taken at the end point). The network itself is not changed; the end point is {@link #theta()}.
 *
 * <pre>{@code
 * FullBatchDescent run = FullBatchDescent.run(net, data, 0.1, 1500);
 * GaussNewton split = GaussNewton.at(net, data, run.theta());
 * }</pre>
 */
public final class FullBatchDescent implements Result {
    private final Network net;
    private final double rate;
    private final int[] steps;
    private final double[] losses;
    private final double[] theta;
    private final double gradientNorm;

    private FullBatchDescent(Network net, double rate, int[] steps, double[] losses, double[] theta, double gradientNorm) {
        this.net = net;
        this.rate = rate;
        this.steps = steps;
        this.losses = losses;
        this.theta = theta;
        this.gradientNorm = gradientNorm;
    }

    /** {@code steps} steps of size {@code rate} from the network's parameters, the loss recorded ~200 times. */
    public static FullBatchDescent run(Network net, Dataset data, double rate, int steps) {
        if (net == null || data == null) {
            throw new IllegalArgumentException((net == null ? "net" : "data") + " must not be null");
        }
        return run(Risk.of(net, data), net.parameters(), rate, steps);
    }

    /** The same from {@code start} on any risk. */
    public static FullBatchDescent run(Risk risk, double[] start, double rate, int steps) {
        if (!(rate > 0) || !Double.isFinite(rate)) {
            throw new IllegalArgumentException("rate must be a positive number, got " + rate + "; try 0.1");
        }
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        }
        Vectors.check("start", start, (int) risk.network().parameterCount());
        int every = Math.max(1, steps / 200);
        int records = (steps + every - 1) / every + 1;   // every recorded step, and the end point
        int[] at = new int[records];
        double[] losses = new double[records];
        double[] theta = start.clone(), g = new double[theta.length];
        int k = 0;
        try (Progress progress = Progress.start("gradient descent", steps)) {
            for (int t = 0; t < steps; t++) {
                double loss = risk.valueAndGradient(theta, g);
                if (t % every == 0 && k < records) {
                    at[k] = t;
                    losses[k++] = loss;
                }
                Vectors.axpy(-rate, g, theta);
                progress.step();
            }
        }
        double finalLoss = risk.valueAndGradient(theta, g);
        if (k < records) {
            at[k] = steps;
            losses[k++] = finalLoss;
        }
        if (!Double.isFinite(finalLoss)) {
            throw new IllegalStateException("the loss became " + finalLoss + " after " + steps
                    + " steps: the rate " + rate + " is too large for this network; try a tenth of it");
        }
        return new FullBatchDescent(risk.network(), rate, Arrays.copyOf(at, k), Arrays.copyOf(losses, k), theta,
                Vectors.norm(g));
    }

    /** The end point (a copy). */
    public double[] theta() {
        return theta.clone();
    }

    /** The loss at the end point. */
    public double loss() {
        return losses[losses.length - 1];
    }

    /** |grad R_S| at the end point. */
    public double gradientNorm() {
        return gradientNorm;
    }

    /** The steps at which the loss was recorded (the last is the end point). */
    public int[] steps() {
        return steps.clone();
    }

    /** The recorded losses. */
    public double[] losses() {
        return losses.clone();
    }

    @Override
    public String summary() {
        return String.format(Locale.ROOT, "full-batch gradient descent, rate %s, %d steps on %s: loss %.4g -> %.4g, "
                + "|grad| = %.2e at the end", String.valueOf(rate), steps[steps.length - 1], net, losses[0], loss(), gradientNorm);
    }

    /** The loss curve. */
    public XYChart chart() {
        XYChart chart = Plots.line("training " + net.architecture() + " (" + theta.length + " parameters)", "step", "loss R(θ)",
                "full-batch gradient descent, rate " + rate, Arrays.stream(steps).asDoubleStream().toArray(), losses);
        chart.getStyler().setMarkerSize(0);
        return chart;
    }

    @Override
    public Figure figure() {
        return new Figure(Renderings.chartImage(chart()), summary());
    }

    @Override
    public Table table() {
        return Table.create("full-batch gradient descent", IntColumn.create("step", steps),
                DoubleColumn.create("loss", losses));
    }

    @Override
    public String toString() {
        return summary();
    }
}
