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
check it against the full Hessian, and test each consequence on the full Hessian itself, which does not know
about the recursion.

**Claims:** D1 (the recursion is exact), D2 (PSD blocks for ReLU, not for tanh), D3 (non-negative trace), D4 (2-D
slices within and across layers), D5 (dead units lower the rank; leaky ReLU keeps curvature) — blog post, seed 004.

**How long it takes:** about 30 s at `ci` scale (20 random parameter points, 41 × 41 slices), measured on 2 cores
shared with other jobs; `full` scale (100 points, 101 × 101 slices) is estimated at about 3 minutes (not measured).
Plus the kernel's start-up.
""")

code(r"""
import org.landscape.notebook.*;
import org.landscape.display.*;
import org.landscape.data.*;
import org.landscape.model.*;
import org.landscape.hessian.*;
import org.landscape.slice.*;
import org.landscape.train.*;
import org.landscape.plot.*;
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

Against the full Hessian of the whole risk, computed column by column from Hessian-vector products (central
differences of `Risk` gradients, accurate to about $10^{-10}$), for four networks: two depths, three transfer
functions, two losses. The parameters are moved off DL4J's initial values (zero biases put ReLU units exactly on
their kink).
""")

code(r"""
Dataset regression = Synthetic.teacher(50, 4, 6, 31);
Dataset moons = Synthetic.twoMoons(50, 0.15, 32);
Network tanhSquare = Network.builder(Architecture.of(4, 8, 6, 1)).activation(Activation.TANH).seed(1).build();
Network reluSquare = Network.builder(Architecture.of(4, 8, 6, 1)).activation(Activation.RELU).seed(2).build();
Network leakyEntropy = Network.builder(Architecture.of(2, 8, 6, 2)).activation(Activation.LEAKY_RELU).loss(Loss.CROSS_ENTROPY).seed(3).build();
Network deepEntropy = Network.builder(Architecture.of(2, 6, 6, 6, 2)).activation(Activation.RELU).loss(Loss.CROSS_ENTROPY).seed(4).build();
Table d1 = LayerCurvature.recursionVsDense("tanh, square loss", tanhSquare, regression, LayerCurvature.randomPoint(tanhSquare, 0.3, 5))
    .append(LayerCurvature.recursionVsDense("ReLU, square loss", reluSquare, regression, LayerCurvature.randomPoint(reluSquare, 0.3, 5)))
    .append(LayerCurvature.recursionVsDense("leaky ReLU, cross-entropy", leakyEntropy, moons, LayerCurvature.randomPoint(leakyEntropy, 0.3, 5)))
    .append(LayerCurvature.recursionVsDense("ReLU, 3 hidden layers, cross-entropy", deepEntropy, moons, LayerCurvature.randomPoint(deepEntropy, 0.3, 5)));
d1
""")

code(r"""
double worstD1 = d1.doubleColumn("max |recursion - dense block|").max();
Check.that("D1", "the recursion's blocks equal the diagonal blocks of the full Hessian to 1e-8",
    worstD1 < 1e-8, String.format("largest difference %.2e over %d blocks of 4 networks", worstD1, d1.rowCount()))
""")

md(r"""
## D2 · Every layer block is PSD for ReLU — not for tanh

For a piecewise-linear $\sigma$, $\sigma'' = 0$ away from the kinks, so $D_\ell = 0$ and each $\mathcal H_\ell$ is a
congruence $B W \mathcal H W^\top B$ of a PSD matrix: PSD. Then so is $(\tilde a\tilde a^\top)\otimes\mathcal H_\ell$,
and their sum over examples. With tanh, $D_\ell \ne 0$ can make a block indefinite. The recursion would give PSD
blocks for ReLU by construction (its $\sigma''$ is coded as 0), so the blocks tested here are cut from the **full
Hessian** of the risk (central differences of `Risk` gradients), which knows nothing of the recursion; D1 shows its
entries are accurate to about $10^{-10}$. We draw random parameters (initialisation plus $N(0, 0.5^2)$ noise) for the
same architecture with both transfer functions and plot, for every block, its smallest eigenvalue divided by its
largest.
""")

code(r"""
Network reluNet = Network.builder(Architecture.of(4, 8, 6, 1)).activation(Activation.RELU).seed(10).build();
Network tanhNet = Network.builder(Architecture.of(4, 8, 6, 1)).activation(Activation.TANH).seed(10).build();
LayerCurvature reluBlocks = LayerCurvature.survey("ReLU", reluNet, regression, randomPoints, 0.5, 100, 0);
LayerCurvature tanhBlocks = LayerCurvature.survey("tanh", tanhNet, regression, randomPoints, 0.5, 100, 0);
LayerCurvature.ratioChart(tanhBlocks, reluBlocks)
""")

code(r"""
Check.that("D2", "with ReLU every layer block of the full Hessian is PSD (smallest eigenvalue >= -1e-10 of the largest) at every random point; with tanh some block is not",
    reluBlocks.worstRatio() >= -1e-10 && tanhBlocks.worstRatio() < -1e-6,
    String.format("%d points x 3 blocks of the dense Hessian: ReLU worst λ_min/λ_max = %.2e, tanh worst = %.3f",
        randomPoints, reluBlocks.worstRatio(), tanhBlocks.worstRatio()))
""")

md(r"""
## D3 · The trace of the Hessian is non-negative

The diagonal of $H$ lies inside the diagonal blocks, so $\mathrm{tr}\,H = \sum_\ell \mathrm{tr}\,H_\ell \ge 0$ when every
block is PSD: not all eigenvalues can be negative, so (away from kinks) a ReLU network has **no differentiable local
maximum**. A tanh network has no such guarantee. We compute the trace at random parameter points further from the
initialisation (noise $N(0, 2^2)$, where tanh units saturate and the errors are large) for both networks: from the
full dense Hessian, and by Hutchinson's and Hutch++'s estimators from `probes` Hessian-vector products each — the
way one would for a network too large for any dense matrix. An estimator is only useful if its error bars are
honest, so the check also asks that Hutchinson's estimate lies within 3 standard errors of the dense trace at
(at least) 90% of the points.
""")

code(r"""
int d3Points = Math.max(5, randomPoints / 2);
LayerCurvature reluTraces = LayerCurvature.survey("ReLU", reluNet, regression, d3Points, 2.0, 300, probes);
LayerCurvature tanhTraces = LayerCurvature.survey("tanh", tanhNet, regression, d3Points, 2.0, 300, probes);
Figure.row(reluTraces.figure(), tanhTraces.figure())
""")

code(r"""
reluTraces.table()
""")

code(r"""
tanhTraces.table()
""")

code(r"""
double reluSmallest = Arrays.stream(reluTraces.traces()).min().getAsDouble(), tanhSmallest = Arrays.stream(tanhTraces.traces()).min().getAsDouble();
double hutchSmallest = Arrays.stream(reluTraces.hutchinson()).min().getAsDouble(), plusSmallest = Arrays.stream(reluTraces.hutchPlusPlus()).min().getAsDouble();
int reluCovered = reluTraces.hutchinsonWithin(3), tanhCovered = tanhTraces.hutchinsonWithin(3);
Check.that("D3", "the trace of the full Hessian of a ReLU network is >= 0 at every random point, exactly and as estimated from HVPs, "
        + "while a tanh network's is negative somewhere; Hutchinson's estimate is within 3 standard errors of the dense trace at >= 90% of the points",
    reluSmallest >= 0 && hutchSmallest >= 0 && plusSmallest >= 0 && tanhSmallest < 0
        && reluCovered >= 0.9 * d3Points && tanhCovered >= 0.9 * d3Points,
    String.format("%d points each: ReLU smallest dense trace %.4g (Hutchinson %.4g, Hutch++ %.4g); tanh smallest dense trace %.4g "
        + "(negative at %d points); Hutchinson within 3 standard errors at %d (ReLU) and %d (tanh) of %d points",
        d3Points, reluSmallest, hutchSmallest, plusSmallest, tanhSmallest, Arrays.stream(tanhTraces.traces()).filter(t -> t < 0).count(),
        reluCovered, tanhCovered, d3Points))
""")

md(r"""
## D4 · Slices within a layer and across layers

The blog's pictures, on a ReLU network with **two hidden layers** (here $5 \to 10 \to 10 \to 1$, no biases, square
loss, trained briefly on a teacher's data by full-batch gradient descent) with all weights fixed except
1. **within hidden layer 1:** $W_1 = aA + bB$ for two fixed random matrices $A, B$;
2. **within hidden layer 2:** $W_2 = aC + bD$;
3. **across layers:** $W_2 = a\,W_2^*$, $W_3 = b\,W_3^*$ (the trained weights scaled), so $(a, b) = (1, 1)$ is the
   trained network.

Both "within" slices move a **hidden** layer, where the loss is not a quadratic in the weights. (A slice of the last
layer would prove nothing: with the square loss the output is linear in $W_3$, so the loss is a convex quadratic in
it and can have no maximum whatever the network.) Within a layer the block is PSD, so the surface can have ridges
(kinks) but no smooth maximum or saddle. Across layers the blocks' PSD-ness says nothing about the mixed curvature:
at $(0, 0)$ the output is $ab\,\Phi^*(x)$ for $a > 0$, so the loss falls along $a = b$ and rises along $a = -b$ — a
saddle.
""")

code(r"""
Dataset sliceData = Synthetic.teacher(100, 5, 8, 21);
Network deep = Network.builder(Architecture.of(5, 10, 10, 1)).activation(Activation.RELU).biases(false).seed(4).build();
TrainingRun sliceTraining = Trainer.gradientDescent(0.05).steps(2000).train(deep, sliceData);
LayerPlanes planes = LayerPlanes.at(deep, sliceData, sliceTraining.finalParameters(), 3);
Axis aAxis = Axis.of("a", -2, 2, gridPoints), bAxis = Axis.of("b", -2, 2, gridPoints);
Surface layer1 = planes.within(0, aAxis, bAxis), layer2 = planes.within(1, aAxis, bAxis), across = planes.across(1, 2, aAxis, bAxis);
Figure.row(HeatmapPlot.of(layer1).title("within hidden layer 1: W1 = aA + bB").logScale().build(),
           HeatmapPlot.of(layer2).title("within hidden layer 2: W2 = aC + bD").logScale().build(),
           HeatmapPlot.of(across).title("across layers: W2 = aW2*, W3 = bW3*").logScale().marker(1, 1, "trained").marker(0, 0, "saddle").build())
""")

code(r"""
Figure.row(SurfaceView3D.of(layer1).title("within hidden layer 1").logScale().build(),
           SurfaceView3D.of(layer2).title("within hidden layer 2").logScale().build(),
           SurfaceView3D.of(across).title("across layers").logScale().build())
""")

md(r"""
A grid point is a **strict local maximum** when its value exceeds all 8 neighbours'. For the saddle we compare the
loss at $(0,0)$ with its values a step $t = 0.2$ away along the two diagonals.
""")

code(r"""
int max1 = layer1.interiorStrictLocalMaxima().size(), max2 = layer2.interiorStrictLocalMaxima().size(), maxAcross = across.interiorStrictLocalMaxima().size();
double t = 0.2, centre = planes.acrossLoss(1, 2, 0, 0), down = planes.acrossLoss(1, 2, t, t), up = planes.acrossLoss(1, 2, t, -t);
Check.that("D4", "no interior grid point is a strict local maximum within either hidden layer; across layers the origin is a saddle",
    max1 == 0 && max2 == 0 && down < centre && up > centre,
    String.format("strict maxima: hidden layer 1 %d, hidden layer 2 %d (across layers %d) on %d x %d grids; across layers L(0,0) = %.4f, "
        + "L(t,t) = %.4f, L(t,-t) = %.4f for t = %.1f", max1, max2, maxAcross, gridPoints, gridPoints, centre, down, up, t))
""")

md(r"""
## D5 · Dead ReLUs lower the Hessian's rank; leaky ReLU keeps curvature

In the recursion, a unit with $\sigma'(h) = 0$ on every example zeroes a row and column of $B_\ell$: no curvature
passes through it, and the weights into and out of it see none. We take a $5 \to 20 \to 1$ network (square loss,
200 examples) with every unit alive (biases $+0.5$), then kill a growing share of its units by setting their biases to
$-20$ (their pre-activation is then negative for every input). The rank of the full Hessian (central differences of
`Risk` gradients) counts eigenvalues larger than $10^{-8}$ times the largest in magnitude. The same weights with a
leaky ReLU (slope 0.01 below 0) never have a zero derivative.
""")

code(r"""
Dataset rankData = Synthetic.teacher(200, 5, 8, 21);
double[] deadFractions = scale.pick(new double[]{0, 0.25, 0.5, 0.75, 1}, new double[]{0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1});
DeadUnits ranks = DeadUnits.ranks(Architecture.of(5, 20, 1), rankData, 4, deadFractions, Activation.RELU, Activation.LEAKY_RELU);
ranks
""")

code(r"""
Check.that("D5", "the Hessian's rank falls as the fraction of dead ReLUs rises, and is higher for leaky ReLU",
    ranks.strictlyFalling(0) && ranks.higher(1, 0), ranks.summary())
""")

md(r"""
**Takeaway.** The recursion is an exact and cheap way to get each layer's curvature. With ReLU, curvature inside a
layer is never negative: gradient descent cannot stall at a smooth maximum or saddle while moving one layer, and never
at a differentiable maximum at all. Saddles live *between* layers. Dead units switch curvature off — flat directions
and plateaus — which a leaky ReLU avoids, though its 0.01 slope leaves those directions only weakly curved (the leaky
network's rank also falls, because units in their linear regime become redundant with one another).
""")

write(__file__)
