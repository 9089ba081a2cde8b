#!/usr/bin/python3
"""Writes 04_spurious_valleys.ipynb (run: /usr/bin/python3 notebooks/04_spurious_valleys.py)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from nbgen import code, md, write  # noqa: E402


md(r"""
# 04 · Spurious valleys

**What this notebook shows.** A *spurious valley* is a connected piece of a sub-level set $\{\theta : L(\theta) \le c\}$
that contains no global minimum (Definition 12.3): once inside, gradient descent cannot get out without going uphill.
Proposition 12.4 says a shallow network with at least as many hidden units as samples ($m \le d_1$) has none: from any
parameter there is a path to a global minimum along which the loss never goes up. We build that path, exactly as the
proof does, and watch the loss along it. Then we see what this means for training from many random starts, and, with
Exercise 12.8, a tiny network that *does* have a spurious valley.

**Claims:** B6 (Proposition 12.4) and B7 (Exercise 12.8).

**How long it takes:** about 65 s at `ci` scale (12 training runs per width; measured on a shared machine under load),
about 80 s at `full` scale (50 runs per width, 8,000 steps each; the training takes most of it; measured); plus the kernel's start-up.
""")

code(r"""
import org.landscape.notebook.*;
import org.landscape.display.*;
import org.landscape.data.*;
import org.landscape.model.*;
import org.landscape.train.*;
import org.landscape.slice.*;
import org.landscape.plot.*;
import org.landscape.stats.Stats;
import tech.tablesaw.api.*;
import java.util.*;
import java.util.function.DoubleBinaryOperator;
import java.util.stream.*;

Notebook.setup()
""")

code(r"""
Scale scale = Notebook.scale();
int runsPerWidth = scale.pick(12, 50);
int trainingSteps = scale.pick(2500, 8000);
"scale " + scale + ": " + runsPerWidth + " runs per width, " + trainingSteps + " full-batch steps each"
""")

md(r"""
## B6 · Proposition 12.4: no spurious valleys when $m \le d_1$

A shallow network $\Phi(x) = W^{(1)}\sigma(W^{(0)}x + b^{(0)}) + b^{(1)}$ with $\mathcal{A} = (2, 12, 1)$, tanh, square loss, and
$m = 10$ samples with random labels. We start from a deliberately poor parameter $\theta_a$: all 12 hidden units
identical, so the hidden-feature matrix $V$ (row $j$ = unit $j$'s outputs on the 10 samples) has rank 1.
""")

code(r"""
Dataset samples = Synthetic.randomLabels(10, 2, 12);
Network shallow = Network.builder(Architecture.of(2, 12, 1)).activation(Activation.TANH).loss(Loss.SQUARE).seed(1).build();
double[] thetaA = RankRaisingPath.identicalUnits(shallow);   // every hidden unit a copy of unit 0
"loss at theta_a: " + shallow.loss(thetaA, samples)
""")

md(r"""
The proof's construction (`RankRaisingPath`):

* **Case 2**, while $\operatorname{rank} V < m$: pick a unit $j$ whose feature vector $v^j$ is a combination
  $\sum_{i\ne j}\alpha_i v^i$ of the others. First hand its output weight to those units
  ($W^{(1)}_j \to 0$, $W^{(1)}_i \to W^{(1)}_i + \alpha_i W^{(1)}_j$): the outputs on the data do not change. Then, since unit $j$
  no longer reaches the output, move its input weights to a fresh random feature $(w^*, b^*)$, which raises the rank.
  (The book writes this move as $2(t-\tfrac12)W^{(0)}_1 + (2t-1)w^*$, which starts at $0$ rather than at $W^{(0)}_1$;
  we use the continuous interpolation it means.)
* **Case 1**, once $\operatorname{rank} V = m$: some output weights $\widetilde W$ fit the labels exactly; the straight line
  $(1-t)W^{(1)} + t\widetilde W$ moves the outputs along a straight line in $\mathbb{R}^m$, and a convex loss decreases along it
  toward its minimum.
""")

code(r"""
RankRaisingPath path = RankRaisingPath.from(shallow, samples, thetaA, 25, 7);
"rank of V along the path: " + Arrays.toString(path.ranks()) + "; " + path.segments().size() + " straight segments, "
    + path.size() + " points"
""")

code(r"""
double[] pathLoss = path.loss().values();
Plots.line("loss along the path of the proof (Proposition 12.4)", "position along the path (one unit per straight segment)",
    "training loss", "loss", path.loss().axis().values(), pathLoss)
""")

md(r"""
The loss stays flat through every Case 2 move (they change parameters, not the outputs on the data) and then falls
to zero along the Case 1 line. A flat stretch is allowed: "monotonically non-increasing".
""")

code(r"""
double scaleOfLoss = shallow.loss(thetaA, samples);
Check.that("B6", "the loss along the proof's path never increases and ends at the global minimum (an exact fit)",
    path.largestIncrease() <= 1e-12 * scaleOfLoss && pathLoss[pathLoss.length - 1] < 1e-20,
    String.format("start %.4g, largest step up %.2e, end %.2e; rank of V %s", pathLoss[0], path.largestIncrease(),
        pathLoss[pathLoss.length - 1], Arrays.toString(path.ranks())))
""")

md(r"""
### What it means for training: many random starts

No spurious valleys means no trap for gradient descent to fall into. We train from many random starts (full-batch
Adam), once with $d_1 = 24 \ge m$ hidden units and once with $d_1 = 3 < m$, on 20 samples with random labels.
With enough units every start should reach (almost) zero training loss; with too few, the proposition does not apply
and different starts may end at different heights. Where training stops is not yet a minimum, so each narrow run's
end point is then converged by damped Newton steps until $|\nabla L| < 10^{-6}$, and the Hessian's smallest eigenvalue
there tells a minimum ($\ge 0$) from a saddle (a value near 0 means a flat direction, e.g. a saturated unit). Some runs drift toward infinity (saturated tanh units) where no
critical point exists: those are reported as not converged and not counted.
""")

code(r"""
Dataset randomLabels = Synthetic.randomLabels(20, 2, 5);
Trainer adam = Trainer.adam(0.02).batchSize(0).epochs(trainingSteps);
Ensemble.Result wide = Ensemble.train("d1 = 24 (>= m)", Network.builder(Architecture.of(2, 24, 1)).activation(Activation.TANH), adam, randomLabels, runsPerWidth, 0);
Ensemble.Result narrow = Ensemble.train("d1 = 3 (< m)", Network.builder(Architecture.of(2, 3, 1)).activation(Activation.TANH), adam, randomLabels, runsPerWidth, 0);
Ensemble.Result converged = narrow.converged(1e-6, 100);   // each end point converged by damped Newton steps
converged.table()
""")

code(r"""
Ensemble.sortedLosses("final training loss of each start", wide, converged)
""")

code(r"""
double wideWorst = Stats.max(wide.finalTrainLosses()), labelVariance = randomLabels.labels().varNumber().doubleValue();
double narrowBest = Stats.min(converged.finalTrainLosses());
// Converged minima (|grad| < 1e-6, no negative curvature beyond the Hessian's finite-difference error) clearly above the best.
long worseMinima = converged.finished().stream().filter(o -> o.smallestEigenvalue > -1e-6 && o.trainLoss > 1.5 * narrowBest).count();
Check.that("B6", "with d1 >= m every start reaches ~0 training loss; with d1 < m converged end points include minima well above the best",
    // "~0": below 1% of the labels' variance (what predicting the mean would leave), and far below every narrow minimum.
    wide.finished().size() == runsPerWidth && wideWorst < 1e-2 * labelVariance && narrowBest > 10 * wideWorst && worseMinima >= 2,
    String.format("d1 = 24: worst of %d starts %.2e (label variance %.3f); d1 = 3: %d of %d end points converged to |grad| < 1e-6, "
        + "best %.4f, %d minima above 1.5 x best (losses %s)", wide.finished().size(), wideWorst, labelVariance,
        converged.finished().size(), runsPerWidth, narrowBest, worseMinima,
        Arrays.toString(Arrays.stream(converged.finalTrainLosses()).sorted().mapToObj(v -> String.format("%.4f", v)).toArray())))
""")

md(r"""
## B7 · Exercise 12.8: a single ReLU neuron has a spurious valley

The smallest network there is: one ReLU neuron, $\Phi_{w,b}(x) = \max(0, w x + b)$, two parameters, so again we can see the
whole landscape. Data: 61 points $x \in [-3, 3]$ with a flat middle and two rising arms of different steepness,
$y = 2.5\max(0, -x-2) + 3\max(0, x-2)$. A positive slope fits the right arm, a negative slope the left one; the
right arm weighs more, so the positive-slope minimum is the global one. Any path from $w < 0$ to $w > 0$ must cross
$w = 0$, where $\Phi$ is the constant $\max(0, b)$: it must climb at least to the loss of the best constant function,
which is higher than both minima. The negative-slope minimum is walled in: a spurious valley.

Here the whole landscape is one grid, so we need not guess paths: for two grid points, the height of the **lowest pass**
between them is the smallest $c$ for which they lie in one connected piece of the sub-level set $\{L \le c\}$
(Definition 12.3 itself), found over every path of neighbouring grid points.
""")

code(r"""
Dataset arms = Synthetic.evenly(61, -3, 3, x -> 2.5 * Math.max(0, -x - 2) + 3 * Math.max(0, x - 2));
double[] px = arms.features().toDoubleVector(), py = arms.labels().toDoubleVector();
// L(w, b) = mean (max(0, w x + b) - y)^2 of the single neuron, written out
DoubleBinaryOperator neuronLoss = (w, b) -> IntStream.range(0, px.length).mapToDouble(i -> Math.pow(Math.max(0, w * px[i] + b) - py[i], 2)).average().getAsDouble();
double bestConstant = neuronLoss.applyAsDouble(0, Stats.mean(py));   // max(0, b) = mean(y) is the best constant the neuron can be
Surface neuron = Surface.evaluate("loss", Axis.through("w", -5, 5, scale.pick(121, 301), 0), Axis.of("b", -10, 3, scale.pick(121, 301)), neuronLoss);
Surface.Point global = neuron.localMinima().get(0);
Surface.Point spurious = neuron.localMinima().stream().filter(p -> p.x() < 0).findFirst().get();
HeatmapPlot.of(neuron).title("one ReLU neuron: its whole loss landscape").logScale().levels(8)
    .contour(bestConstant, String.format("L = %.3f, the best constant function", bestConstant))
    .marker(global.x(), global.y(), String.format("global min %.3f", global.value()))
    .marker(spurious.x(), spurious.y(), String.format("spurious min %.3f", spurious.value())).build()
""")

code(r"""
double pass = neuron.passHeight(spurious.x(), spurious.y(), global.x(), global.y());
Check.that("B7", "every grid path from the negative-slope minimum to the global one climbs to the best constant function's loss",
    global.x() > 0 && spurious.x() < 0 && spurious.value() < bestConstant && global.value() < spurious.value() && pass >= bestConstant - 1e-12,
    String.format("grid minima %.4f at w = %.2f (global) and %.4f at w = %.2f (spurious) < constant %.4f <= lowest pass %.4f",
        global.value(), global.x(), spurious.value(), spurious.x(), bestConstant, pass))
""")

md(r"""
**Takeaway.** Over-parameterisation ($d_1 \ge m$) removes the traps: the proof's path shows how any parameter can be
walked down to a global minimum. Without it, even a one-neuron network can hold gradient descent in a valley that is
not the best one.
""")

write(__file__)
