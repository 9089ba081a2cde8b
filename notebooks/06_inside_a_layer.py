#!/usr/bin/python3
"""Writes 06_inside_a_layer.ipynb (run: /usr/bin/python3 notebooks/06_inside_a_layer.py)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from nbgen import code, md, write  # noqa: E402


md(r"""
# 06 · Inside a layer: the layer-wise Hessian

**What this notebook shows.** David Barber's blog post (seed 004) derives a backward recursion for the Hessian of each
layer's weights and draws a few consequences for networks with piecewise-linear transfer functions such as the ReLU:
every layer's block of the Hessian is positive semi-definite (so, varying one layer's weights, the loss has no smooth
maxima or saddles), the trace of the Hessian is non-negative (so there are no differentiable local maxima at all),
and zero-gradient regions of the transfer function (dead ReLUs) lower the Hessian's rank. We implement the recursion,
check it against the full Hessian, and test each consequence.

**Claims:** D1 (the recursion is exact), D2 (PSD blocks for ReLU, not for tanh), D3 (non-negative trace), D4 (2-D
slices within and across layers), D5 (dead units lower the rank; leaky ReLU keeps curvature) — blog post, seed 004.

**How long it takes:** about 10 s at `ci` scale (20 random parameter points, 41 × 41 slices) and about
10 s at `full` scale (100 points, 101 × 101 slices) (measured on 2 idle cores; plus the kernel's start-up).
""")

code(r"""
import org.landscape.notebook.*;
import org.landscape.display.*;
import org.landscape.data.*;
import org.landscape.model.*;
import org.landscape.hessian.*;
import org.landscape.slice.*;
import org.landscape.plot.*;
import org.knowm.xchart.*;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.*;
import java.util.*;

Notebook.setup()
""")

code(r"""
Scale scale = Notebook.scale();
int randomPoints = scale.pick(20, 100);    // D2, D3: random parameter vectors per network
int gridPoints = scale.pick(41, 101);      // D4: points per axis of each slice
int probes = scale.pick(30, 100);          // D3: Hutchinson probe vectors per trace
"scale " + scale + ": " + randomPoints + " random parameter points, " + gridPoints + " x " + gridPoints + " slices, " + probes + " probes"
""")

md(r"""
## The recursion (the blog, and Botev, Ritter & Barber 2017)

Write $h_\ell = W_\ell^\top a_\ell + b_\ell$ for the pre-activations of layer $\ell$, $a_{\ell+1} = \sigma(h_\ell)$, and
$z = h_L$ for the last layer's (the loss's input). For one example with loss $E$, the Hessian with respect to
$h_\ell$, $\mathcal H_\ell = \partial^2 E / \partial h_\ell^2$, satisfies

$$\mathcal H_L = \frac{\partial^2 E}{\partial z^2}, \qquad
  \mathcal H_\ell = B_\ell\, W_{\ell+1} \mathcal H_{\ell+1} W_{\ell+1}^\top B_\ell + D_\ell, \qquad
  B_\ell = \mathrm{diag}\big(\sigma'(h_\ell)\big),\ D_\ell = \mathrm{diag}\Big(\sigma''(h_\ell)\,\frac{\partial E}{\partial a_{\ell+1}}\Big),$$

and the block of the Hessian for layer $\ell$'s weights is $(\tilde a_\ell \tilde a_\ell^\top) \otimes \mathcal H_\ell$
($\tilde a_\ell = (a_\ell, 1)$, the 1 for the bias), summed over the examples. For the square loss
$\partial^2E/\partial z^2 = 2I$, for softmax cross-entropy $\mathrm{diag}(p) - pp^\top$: both PSD.
`LayerwiseHessian` runs this recursion in plain Java from the network's weights.
""")

md(r"""
## D1 · The recursion gives the exact diagonal blocks

Against the full Hessian, computed column by column from Hessian-vector products of DL4J's gradients (fourth-order
differences, accurate to about $10^{-10}$), for four networks: two depths, three transfer functions, two losses. The
parameters are moved off DL4J's initial values (zero biases put ReLU units exactly on their kink).
""")

code(r"""
/** theta + N(0, s^2) noise, seeded: a random parameter point near the network's initialisation. */
double[] randomPoint(Network net, double s, long seed) {
    Random r = new Random(seed);
    double[] t = net.parameters();
    for (int i = 0; i < t.length; i++) t[i] += s * r.nextGaussian();
    return t;
}

Dataset regression = Synthetic.teacher(50, 4, 6, 31);
Dataset moons = Synthetic.twoMoons(50, 0.15, 32);
Object[][] cases = {
    {"tanh, square loss", Network.builder(Architecture.of(4, 8, 6, 1)).activation(Activation.TANH).seed(1).build(), regression},
    {"ReLU, square loss", Network.builder(Architecture.of(4, 8, 6, 1)).activation(Activation.RELU).seed(2).build(), regression},
    {"leaky ReLU, cross-entropy", Network.builder(Architecture.of(2, 8, 6, 2)).activation(Activation.LEAKY_RELU).loss(Loss.CROSS_ENTROPY).seed(3).build(), moons},
    {"ReLU, 3 hidden layers, cross-entropy", Network.builder(Architecture.of(2, 6, 6, 6, 2)).activation(Activation.RELU).loss(Loss.CROSS_ENTROPY).seed(4).build(), moons}};

StringColumn caseNames = StringColumn.create("network"), layerNames = StringColumn.create("layer");
IntColumn blockSizes = IntColumn.create("block size");
DoubleColumn blockErrors = DoubleColumn.create("max |recursion - full block|"), blockScales = DoubleColumn.create("max |block entry|");
double worstD1 = 0;
for (Object[] c : cases) {
    Network net = (Network) c[1];
    Dataset data = (Dataset) c[2];
    net.setParameters(randomPoint(net, 0.3, 5));
    DenseMatrix full = Hessians.dense(net, data);
    LayerwiseHessian blocks = LayerwiseHessian.of(net, data);
    ParameterLayout layout = blocks.layout();
    for (int l = 0; l < blocks.layers(); l++) {
        double err = full.block(layout.start(l), layout.end(l)).maxAbsDifference(blocks.block(l));
        worstD1 = Math.max(worstD1, err);
        caseNames.append(c[0] + " " + net.architecture());
        layerNames.append("W" + (l + 1) + ", b" + (l + 1));
        blockSizes.append(layout.count(l));
        blockErrors.append(err);
        blockScales.append(blocks.block(l).maxAbs());
    }
}
Table d1 = Table.create("layer blocks: recursion vs full Hessian", caseNames, layerNames, blockSizes, blockErrors, blockScales);
d1
""")

code(r"""
Check.that("D1", "the recursion's blocks equal the diagonal blocks of the full Hessian to 1e-8",
    worstD1 < 1e-8, String.format("largest difference %.2e over %d blocks of 4 networks", worstD1, d1.rowCount()))
""")

md(r"""
## D2 · Every layer block is PSD for ReLU — not for tanh

For a piecewise-linear $\sigma$, $\sigma'' = 0$ away from the kinks, so $D_\ell = 0$ and each $\mathcal H_\ell$ is a
congruence $B W \mathcal H W^\top B$ of a PSD matrix: PSD. Then so is $(\tilde a\tilde a^\top)\otimes\mathcal H_\ell$,
and their sum over examples. With tanh, $D_\ell \ne 0$ can make a block indefinite. We draw random parameters
(initialisation plus $N(0, 0.5^2)$ noise) for the same architecture with both transfer functions and plot, for every
block, its smallest eigenvalue divided by its largest.
""")

code(r"""
Network reluNet = Network.builder(Architecture.of(4, 8, 6, 1)).activation(Activation.RELU).seed(10).build();
Network tanhNet = Network.builder(Architecture.of(4, 8, 6, 1)).activation(Activation.TANH).seed(10).build();
double worstRelu = Double.POSITIVE_INFINITY, worstTanh = Double.POSITIVE_INFINITY;
List<Double> rx = new ArrayList<>(), ry = new ArrayList<>(), tx = new ArrayList<>(), ty = new ArrayList<>();
for (int k = 0; k < randomPoints; k++) {
    for (Network net : new Network[]{reluNet, tanhNet}) {
        LayerwiseHessian blocks = LayerwiseHessian.of(net, regression, randomPoint(net, 0.5, 100 + k));
        for (int l = 0; l < blocks.layers(); l++) {
            Spectrum s = blocks.spectrum(l);
            double ratio = s.min() / s.max();
            if (net == reluNet) { worstRelu = Math.min(worstRelu, ratio); rx.add(k + 0.15 * l); ry.add(ratio); }
            else { worstTanh = Math.min(worstTanh, ratio); tx.add(k + 0.15 * l); ty.add(ratio); }
        }
    }
}
XYChart d2 = new XYChartBuilder().width(640).height(380).title("smallest / largest eigenvalue of each layer block")
    .xAxisTitle("random parameter point (3 blocks each)").yAxisTitle("λ_min / λ_max of the block").build();
d2.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter).setMarkerSize(7)
    .setChartBackgroundColor(java.awt.Color.WHITE).setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
d2.addSeries("tanh", tx, ty).setMarkerColor(new java.awt.Color(214, 39, 40)).setMarker(SeriesMarkers.DIAMOND);
d2.addSeries("ReLU", rx, ry).setMarkerColor(new java.awt.Color(31, 119, 180)).setMarker(SeriesMarkers.CIRCLE);
d2
""")

code(r"""
Check.that("D2", "with ReLU every layer block is PSD (smallest eigenvalue >= -1e-10 of the largest) at every random point; with tanh some block is not",
    worstRelu >= -1e-10 && worstTanh < -1e-6,
    String.format("%d points x 3 blocks: ReLU worst λ_min/λ_max = %.2e, tanh worst = %.3f", randomPoints, worstRelu, worstTanh))
""")

md(r"""
## D3 · The trace of the Hessian is non-negative

The diagonal of $H$ lies inside the diagonal blocks, so $\mathrm{tr}\,H = \sum_\ell \mathrm{tr}\,H_\ell \ge 0$ when every
block is PSD: not all eigenvalues can be negative, so (away from kinks) a ReLU network has **no differentiable local
maximum**. We compute the trace at random parameter points three ways: exactly from the recursion's blocks, and by
Hutchinson's and Hutch++'s estimators from Hessian-vector products of the DL4J network (`probes` products each) —
the way one would for a network too large for any block.
""")

code(r"""
StringColumn pointNames = StringColumn.create("point");
DoubleColumn exactTraces = DoubleColumn.create("exact (recursion)"), hutchTraces = DoubleColumn.create("Hutchinson"),
    hutchErrors = DoubleColumn.create("± std. error"), plusTraces = DoubleColumn.create("Hutch++");
int d3Points = Math.max(5, randomPoints / 2);
try (Progress progress = Progress.start("traces", d3Points)) {
    for (int k = 0; k < d3Points; k++) {
        double[] theta = randomPoint(reluNet, 0.5, 300 + k);
        LinearOperator h = HessianVectorProduct.at(reluNet, regression, theta);
        Trace.Estimate hutch = Trace.hutchinson(h, probes, k), plus = Trace.hutchPlusPlus(h, probes, k);
        pointNames.append("θ" + (k + 1));
        exactTraces.append(LayerwiseHessian.of(reluNet, regression, theta).trace());
        hutchTraces.append(hutch.value());
        hutchErrors.append(hutch.standardError());
        plusTraces.append(plus.value());
        progress.step();
    }
}
Table d3 = Table.create("tr H of a ReLU network at random points", pointNames, exactTraces, hutchTraces, hutchErrors, plusTraces);
d3
""")

code(r"""
XYChart d3Chart = new XYChartBuilder().width(640).height(380).title("trace of H at random points of a ReLU network")
    .xAxisTitle("exact trace (recursion)").yAxisTitle("estimate from Hessian-vector products").build();
d3Chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter).setMarkerSize(7)
    .setChartBackgroundColor(java.awt.Color.WHITE).setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
d3Chart.getStyler().setXAxisMin(0.0).setYAxisMin(0.0);
d3Chart.addSeries("Hutchinson (" + probes + " probes) ± 1 s.e.", exactTraces.asDoubleArray(), hutchTraces.asDoubleArray(), hutchErrors.asDoubleArray())
    .setMarkerColor(new java.awt.Color(31, 119, 180));
d3Chart.addSeries("Hutch++ (" + probes + " products)", exactTraces.asDoubleArray(), plusTraces.asDoubleArray())
    .setMarkerColor(new java.awt.Color(255, 127, 14)).setMarker(SeriesMarkers.DIAMOND);
double top = Math.max(exactTraces.max(), Math.max(hutchTraces.max(), plusTraces.max()));
XYSeries diagonal = d3Chart.addSeries("estimate = exact", new double[]{0, top}, new double[]{0, top});
diagonal.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line).setMarker(SeriesMarkers.NONE).setLineColor(java.awt.Color.GRAY);
d3Chart
""")

code(r"""
int within = 0;
for (int k = 0; k < d3.rowCount(); k++) within += Math.abs(hutchTraces.get(k) - exactTraces.get(k)) <= 3 * hutchErrors.get(k) ? 1 : 0;
Check.that("D3", "the trace of the Hessian of a ReLU network is >= 0 at every random point, exactly and as estimated from HVPs",
    exactTraces.min() >= 0 && hutchTraces.min() >= 0 && plusTraces.min() >= 0,
    String.format("%d points: smallest exact trace %.4g, smallest Hutchinson estimate %.4g, smallest Hutch++ estimate %.4g; "
        + "Hutchinson within 3 standard errors of the exact trace at %d of %d points",
        d3.rowCount(), exactTraces.min(), hutchTraces.min(), plusTraces.min(), within, d3.rowCount()))
""")

md(r"""
## D4 · Slices within a layer and across layers

The blog's pictures: a two-layer ReLU network (here $5 \to 10 \to 1$, no biases, square loss, trained briefly on a
teacher's data) with all weights fixed except
1. **within layer 1:** $W_1 = aA + bB$ for two fixed random matrices $A, B$;
2. **within layer 2:** $W_2 = aC + bD$;
3. **across layers:** $W_1 = a\,W_1^*$, $W_2 = b\,W_2^*$ (the trained weights scaled), so $(a, b) = (1, 1)$ is the
   trained network.

Within a layer the block is PSD, so the surface can have ridges (kinks) but no smooth maximum or saddle. Across
layers the blocks' PSD-ness says nothing about the mixed curvature: at $(0, 0)$ the output is $ab\,\Phi^*(x)$ for
$a > 0$, so the loss falls along $a = b$ and rises along $a = -b$ — a saddle. The grids are evaluated with
`PlainNetwork` (the same risk in plain Java; thousands of evaluations).
""")

code(r"""
Dataset sliceData = Synthetic.teacher(100, 5, 8, 21);
Network two = Network.builder(Architecture.of(5, 10, 1)).activation(Activation.RELU).biases(false).seed(4).build();
PlainNetwork risk = PlainNetwork.of(two, sliceData);
double[] trained = two.parameters();
for (int t = 0; t < 2000; t++) Vectors.axpy(-0.05, risk.gradient(trained), trained);
ParameterLayout layout = two.layout();
int n1 = layout.count(0), n2 = layout.count(1);
Random dirs = new Random(3);
double[] A = Vectors.gaussian(n1, dirs), B = Vectors.gaussian(n1, dirs), C = Vectors.gaussian(n2, dirs), D = Vectors.gaussian(n2, dirs);
Vectors.scale(1 / Math.sqrt(5), A); Vectors.scale(1 / Math.sqrt(5), B); Vectors.scale(1 / Math.sqrt(10), C); Vectors.scale(1 / Math.sqrt(10), D);

/** The trained parameters with layer 1's weights replaced by w1 (if not null) and layer 2's by w2. */
double[] with(double[] w1, double[] w2) {
    double[] p = trained.clone();
    if (w1 != null) System.arraycopy(w1, 0, p, layout.start(0), n1);
    if (w2 != null) System.arraycopy(w2, 0, p, layout.start(1), n2);
    return p;
}
double[] combine(double a, double[] u, double b, double[] v) {
    double[] w = new double[u.length];
    for (int i = 0; i < w.length; i++) w[i] = a * u[i] + (v == null ? 0 : b * v[i]);
    return w;
}
double[] w1Star = Arrays.copyOfRange(trained, layout.start(0), layout.end(0)), w2Star = Arrays.copyOfRange(trained, layout.start(1), layout.end(1));
Axis aAxis = Axis.of("a", -2, 2, gridPoints), bAxis = Axis.of("b", -2, 2, gridPoints);
Surface layer1 = Surface.evaluate("loss, W1 = aA + bB", aAxis, bAxis, (a, b) -> risk.loss(with(combine(a, A, b, B), null)));
Surface layer2 = Surface.evaluate("loss, W2 = aC + bD", aAxis, bAxis, (a, b) -> risk.loss(with(null, combine(a, C, b, D))));
Surface across = Surface.evaluate("loss, W1 = a W1*, W2 = b W2*", aAxis, bAxis, (a, b) -> risk.loss(with(combine(a, w1Star, 0, null), combine(b, w2Star, 0, null))));
Figure.row(HeatmapPlot.of(layer1).title("within layer 1: W1 = aA + bB").logScale().build(),
           HeatmapPlot.of(layer2).title("within layer 2: W2 = aC + bD").logScale().build(),
           HeatmapPlot.of(across).title("across layers: W1 = aW1*, W2 = bW2*").logScale().marker(1, 1, "trained").marker(0, 0, "saddle").build())
""")

code(r"""
Figure.row(SurfaceView3D.of(layer1).title("within layer 1").logScale().build(),
           SurfaceView3D.of(layer2).title("within layer 2").logScale().build(),
           SurfaceView3D.of(across).title("across layers").logScale().build())
""")

md(r"""
A grid point is a **strict local maximum** when its value exceeds all 8 neighbours'. For the saddle we compare the
loss at $(0,0)$ with its values a step $t = 0.2$ away along the two diagonals.
""")

code(r"""
int strictMaxima(Surface s) {
    double[][] v = s.values();
    int count = 0;
    for (int j = 1; j + 1 < v.length; j++)
        for (int i = 1; i + 1 < v[0].length; i++) {
            boolean max = true;
            for (int dj = -1; dj <= 1; dj++) for (int di = -1; di <= 1; di++)
                if ((di != 0 || dj != 0) && !(v[j][i] > v[j + dj][i + di])) max = false;
            if (max) count++;
        }
    return count;
}
int max1 = strictMaxima(layer1), max2 = strictMaxima(layer2), maxAcross = strictMaxima(across);
java.util.function.DoubleBinaryOperator acrossLoss = (a, b) -> risk.loss(with(combine(a, w1Star, 0, null), combine(b, w2Star, 0, null)));
double t = 0.2, centre = acrossLoss.applyAsDouble(0, 0), down = acrossLoss.applyAsDouble(t, t), up = acrossLoss.applyAsDouble(t, -t);
boolean saddle = down < centre && up > centre;
Check.that("D4", "no interior grid point is a strict local maximum within a layer; across layers the origin is a saddle",
    max1 == 0 && max2 == 0 && saddle,
    String.format("strict maxima: layer 1 %d, layer 2 %d (across layers %d) on %d x %d grids; across layers L(0,0) = %.4f, "
        + "L(t,t) = %.4f, L(t,-t) = %.4f for t = %.1f", max1, max2, maxAcross, gridPoints, gridPoints, centre, down, up, t))
""")

md(r"""
## D5 · Dead ReLUs lower the Hessian's rank; leaky ReLU keeps curvature

In the recursion, a unit with $\sigma'(h) = 0$ on every example zeroes a row and column of $B_\ell$: no curvature
passes through it, and the weights into and out of it see none. We take a $5 \to 20 \to 1$ network (square loss,
200 examples) with every unit alive (biases $+0.5$), then kill a growing share of its units by setting their biases to
$-20$ (their pre-activation is then negative for every input). The rank of the full Hessian counts eigenvalues larger
than $10^{-8}$ times the largest in magnitude. The same weights with a leaky ReLU (slope 0.01 below 0) never have a
zero derivative.
""")

code(r"""
Dataset rankData = Synthetic.teacher(200, 5, 8, 21);
double[] deadFractions = scale.pick(new double[]{0, 0.25, 0.5, 0.75, 1}, new double[]{0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1});
int[] reluRanks = new int[deadFractions.length], leakyRanks = new int[deadFractions.length];
int units = 20, parameters = 0;
for (Activation act : new Activation[]{Activation.RELU, Activation.LEAKY_RELU}) {
    Network net = Network.builder(Architecture.of(5, units, 1)).activation(act).seed(4).build();
    ParameterLayout lay = net.layout();
    PlainNetwork r = PlainNetwork.of(net, rankData);
    parameters = r.dimension();
    for (int k = 0; k < deadFractions.length; k++) {
        double[] theta = net.parameters();
        int dead = (int) Math.round(deadFractions[k] * units);
        for (int j = 0; j < units; j++) theta[lay.layer(0).bias(j)] = j < dead ? -20 : 0.5;
        Spectrum s = DenseEigen.all(r.denseHessian(theta), false);
        double largest = Math.max(Math.abs(s.min()), Math.abs(s.max()));
        int rank = 0;
        for (double v : s.eigenvalues()) if (Math.abs(v) > 1e-8 * largest) rank++;
        (act == Activation.RELU ? reluRanks : leakyRanks)[k] = rank;
    }
}
XYChart d5 = new XYChartBuilder().width(600).height(380).title("rank of the Hessian (" + parameters + " parameters)")
    .xAxisTitle("fraction of hidden units dead (σ' = 0 on every input)").yAxisTitle("rank (eigenvalues > 1e-8 of the largest)").build();
d5.getStyler().setYAxisMin(0.0);
d5.getStyler().setChartBackgroundColor(java.awt.Color.WHITE).setMarkerSize(8)
    .setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSW);
XYSeries reluSeries = d5.addSeries("ReLU", deadFractions, Arrays.stream(reluRanks).asDoubleStream().toArray());
reluSeries.setLineColor(new java.awt.Color(31, 119, 180));
reluSeries.setMarkerColor(new java.awt.Color(31, 119, 180));
XYSeries leakySeries = d5.addSeries("leaky ReLU (same weights)", deadFractions, Arrays.stream(leakyRanks).asDoubleStream().toArray());
leakySeries.setLineColor(new java.awt.Color(255, 127, 14));
leakySeries.setMarkerColor(new java.awt.Color(255, 127, 14));
d5
""")

code(r"""
boolean falling = true, leakyHigher = true;
for (int k = 1; k < deadFractions.length; k++) {
    falling &= reluRanks[k] < reluRanks[k - 1];
    leakyHigher &= leakyRanks[k] > reluRanks[k];
}
Check.that("D5", "the Hessian's rank falls as the fraction of dead ReLUs rises, and is higher for leaky ReLU",
    falling && leakyHigher,
    String.format("dead fractions %s: ReLU ranks %s, leaky ReLU ranks %s (of %d parameters)",
        Arrays.toString(deadFractions), Arrays.toString(reluRanks), Arrays.toString(leakyRanks), parameters))
""")

md(r"""
**Takeaway.** The recursion is an exact and cheap way to get each layer's curvature. With ReLU, curvature inside a
layer is never negative: gradient descent cannot stall at a smooth maximum or saddle while moving one layer, and never
at a differentiable maximum at all. Saddles live *between* layers. Dead units switch curvature off — flat directions
and plateaus — which a leaky ReLU avoids, though its 0.01 slope leaves those directions only weakly curved (the leaky
network's rank also falls, because units in their linear regime become redundant with one another).
""")

write(__file__)
