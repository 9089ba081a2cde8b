#!/usr/bin/python3
"""Writes 12_minima_are_connected.ipynb (run: /usr/bin/python3 notebooks/12_minima_are_connected.py)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from nbgen import code, md, write  # noqa: E402


md(r"""
# 12 · Minima are connected

**What this notebook shows.** Train the same network twice from different seeds and the two solutions $\theta_A$,
$\theta_B$ are far apart; on the straight line between them the loss rises to a barrier (notebooks 01 and 03). Yet
Garipov et al. (2018) and Draxler et al. (2018) found that such solutions are joined by simple *curves* along which
the loss stays almost as low as at the ends: the minima SGD finds are not isolated valleys but parts of one
connected low-loss set. We train such a curve, a quadratic Bezier curve
$\phi(t) = (1-t)^2\theta_A + 2t(1-t)\,\theta_C + t^2\theta_B$ whose bend $\theta_C$ minimises the expected loss
$\mathbb{E}_{t \sim U(0,1)} L(\phi(t))$ (a new $t$ for every minibatch; the gradient with respect to $\theta_C$ is
$2t(1-t)\,\nabla L(\phi(t))$), and a polygonal chain $\theta_A \to \theta_C \to \theta_B$ likewise, then compare the loss
along them with the straight line's and draw the curve on the plane through $\theta_A$, $\theta_B$ and $\theta_C$.

**Claim:** B11 (the chapter's further reading: mode connectivity).

**How long it takes:** at `ci` scale (3,000 digits of 10 x 10 pixels, a 100-32-10 ReLU network, 30 epochs per
solution, 100 epochs per curve, 31 x 31 plane) 15-25 seconds on a shared 2-core machine (peak kernel memory about
480 MB), plus the kernel's start-up; at `full` scale (8,000 digits, 300 epochs per curve, 61 x 61 plane) about
20 seconds more.

**Measured** (the check below prints its own run's numbers): at `ci` the straight line rises to a training loss of
0.49 (barrier 0.35 above the higher end) and the trained Bezier curve to 0.155 (barrier 0.008: ratio 0.02); at `full`
0.65 (barrier 0.55) against 0.099 on the curve, whose highest point is one of its ends (barrier 0).
""")

code(r"""
import org.landscape.notebook.*;
import org.landscape.display.*;
import org.landscape.data.*;
import org.landscape.model.*;
import org.landscape.train.*;
import org.landscape.slice.*;
import org.landscape.plot.*;
import java.util.*;

Notebook.setup()
""")

code(r"""
Scale scale = Notebook.scale();
int trainSize = scale.pick(3000, 8000), curveEpochs = scale.pick(100, 300), grid = scale.pick(31, 61);
"scale " + scale + ": " + trainSize + " training digits, " + curveEpochs + " epochs per curve, " + grid + " x " + grid + " plane"
""")

md(r"""
## Two solutions

MNIST digits shrunk to 10 x 10 pixels, a network $\mathcal{A} = (100, 32, 10)$ with ReLU and cross-entropy, trained with
SGD and momentum from seeds 1 and 2 (different initialisations and minibatch orders).
""")

code(r"""
Dataset digits = Mnist.subset().downsampled(10).dataset();
Dataset.Split split = digits.sample(trainSize + 1000, 1).split((double) trainSize / (trainSize + 1000), 2);
Dataset train = split.train(), test = split.test();
Network.Builder builder = Network.builder(Architecture.of(100, 32, 10)).activation(Activation.RELU).loss(Loss.CROSS_ENTROPY);
Ensemble.Result solutions = Ensemble.train("two solutions", builder, Trainer.sgd(0.05).momentum(0.9).batchSize(64).epochs(30).test(test), train, 2, 1);
double[] thetaA = solutions.solution(0), thetaB = solutions.solution(1);
Network net = solutions.network();
solutions.table()
""")

md(r"""
## The straight line and a trained curve

`CurveTrainer` trains the bend (it starts at the midpoint, where the curve *is* the straight line) and then measures
the loss and accuracy along the trained curve and along the straight line between the same ends, on the training and
the test digits.
""")

code(r"""
CurveTrainer curveTrainer = CurveTrainer.sgd(0.05).momentum(0.9).batchSize(128).epochs(curveEpochs).seed(1).test(test);
CurveRun bezier = curveTrainer.name("Bezier curve").train(net, train, ModeCurve.bezier(thetaA, thetaB));
bezier
""")

code(r"""
CurveRun chain = curveTrainer.name("polygonal chain").train(net, train, ModeCurve.polygonal(thetaA, thetaB));
chain
""")

code(r"""
bezier.historyChart()
""")

md(r"""
## The plane through the two solutions and the bend

$\theta_A$ at $(0, 0)$, $\theta_B$ at $(1, 0)$, the bend $\theta_C$ at $(0, 1)$. The Bezier curve lies in this plane (at
$(t^2, 2t(1-t))$), so its projection is exact: the curve, drawn in red, runs around the barrier that the straight line
(the bottom edge from $(0,0)$ to $(1,0)$) crosses.
""")

code(r"""
ModeCurve curve = bezier.curve();
Surface plane = Slices.plane(net, train, curve.plane(), Axis.through("toward theta_B", -0.5, 1.5, grid, 0, 1), Axis.through("toward the bend", -0.5, 1.5, grid, 0, 1));
Projection onPlane = plane.plane().project(curve.points(61));
HeatmapPlot.of(plane).title("training loss on the plane through theta_A, theta_B and the bend").logScale().levels(10)
    .path(onPlane.x(), onPlane.y(), "trained Bezier curve").marker(0, 0, "theta_A").marker(1, 0, "theta_B").marker(0, 1, "bend").build()
""")

md(r"""
## B11 · Check

The claim: the maximum loss on the trained curve is far below the barrier on the straight line. We compare
barriers (the highest loss on the path minus the higher of the two ends, `Curve.barrier()`): the curve's must be
below a quarter of the line's. And the curve must really join the two solutions: its ends are $\theta_A$ and
$\theta_B$ bit for bit, with their losses (DL4J's own score, independent of the engine that trained the bend).
""")

code(r"""
double lossA = net.loss(thetaA, train), lossB = net.loss(thetaB, train);
boolean endsAreSolutions = Arrays.equals(curve.point(0), thetaA) && Arrays.equals(curve.point(1), thetaB)
    && Math.abs(bezier.curveLoss().value(0) - lossA) < 1e-12 && Math.abs(bezier.curveLoss().value(60) - lossB) < 1e-12;
Check.that("B11", "the trained curve's barrier is far below the straight line's (under a quarter), and its ends are the two solutions",
    endsAreSolutions && bezier.barrierRatio() < 0.25 && chain.barrierRatio() < 0.25,
    String.format("straight line: max loss %.4f, barrier %.4f; Bezier curve: max %.4f, barrier %.4f (barrier ratio %.3f, max-loss ratio %.3f); "
        + "polygonal chain: max %.4f, barrier %.4f (ratio %.3f); ends L(theta_A) = %.6f, L(theta_B) = %.6f; test loss max %.4f on the line, %.4f on the curve",
        bezier.lineLoss().max(), bezier.lineLoss().barrier(), bezier.curveLoss().max(), bezier.curveLoss().barrier(), bezier.barrierRatio(),
        bezier.curveLoss().max() / bezier.lineLoss().max(),
        chain.curveLoss().max(), chain.curveLoss().barrier(), chain.barrierRatio(), lossA, lossB,
        bezier.testCurve(0).max(), bezier.testCurve(1).max()))
""")

md(r"""
**Takeaway.** Two solutions that the straight line separates by a barrier are joined by a curve with a single bend
along which the loss hardly rises: the low-loss regions SGD reaches are connected. Such curves are why a picture of
isolated basins (a random or three-point plane) can mislead, and why ensembles of points along one curve
(fast geometric ensembling) work.
""")

write(__file__)
