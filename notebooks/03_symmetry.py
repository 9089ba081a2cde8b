#!/usr/bin/python3
"""Writes 03_symmetry.ipynb (run: /usr/bin/python3 notebooks/03_symmetry.py)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from nbgen import code, md, write  # noqa: E402


md(r"""
# 03 · Symmetry: every minimum comes in a family

**What this notebook shows.** Permuting the hidden units of a network (and, for tanh, flipping the sign of a unit)
changes the parameter vector but not the function. So a trained network is never an isolated global minimum: it has
$d_1!$ (times $2^{d_1}$ for tanh) copies elsewhere in parameter space, all with exactly the same loss. Between two
copies the loss usually rises: the landscape has many equivalent valleys separated by barriers.

**Claim:** B5 (book 12.2, the identity $\Phi(x) = W^{(1)} P^\top \sigma(P W^{(0)} x + P b^{(0)}) + b^{(1)}$).

**How long it takes:** about 25 s at `ci` scale (measured on a shared machine under load), about 10 s more at `full`
scale (finer grids; estimated); plus the kernel's start-up.
""")

code(r"""
import org.landscape.notebook.*;
import org.landscape.display.*;
import org.landscape.data.*;
import org.landscape.model.*;
import org.landscape.train.*;
import org.landscape.slice.*;
import org.landscape.plot.*;
import tech.tablesaw.api.*;
import java.util.*;

Notebook.setup()
""")

code(r"""
Scale scale = Notebook.scale();
int linePoints = scale.pick(61, 201);
int gridPoints = scale.pick(41, 121);
"scale " + scale
""")

md(r"""
## B5 · Permuted parameters, same function

A teacher task with 5-dimensional inputs; a network $\mathcal{A} = (5, 8, 1)$ with tanh, trained with SGD and momentum.
""")

code(r"""
Dataset.Split split = Synthetic.teacher(400, 6, 1).split(0.75, 1);
Dataset train = split.train();
Network net = Network.builder(Architecture.of(5, 8, 1)).activation(Activation.TANH).seed(3).build();
TrainingRun run = Trainer.sgd(0.05).momentum(0.9).batchSize(32).epochs(scale.pick(60, 200)).seed(3)
    .test(split.test()).name("5-8-1 tanh on the teacher task").train(net, train);
run
""")

md(r"""
Now reorder the 8 hidden units with a permutation $P$: rows of $W^{(0)}$ and entries of $b^{(0)}$ move with their unit,
and so do the matching columns of $W^{(1)}$.
""")

code(r"""
double[] theta = net.parameters();
double[] permuted = net.permuteHiddenUnits(theta, 1, new int[]{3, 7, 0, 5, 1, 6, 2, 4});
Network copy = net.copy();
copy.setParameters(permuted);
double outputGap = net.output(train.features()).sub(copy.output(train.features())).amaxNumber().doubleValue();
double parameterDistance = Directions.distance(theta, permuted);
String.format("max |Phi_theta(x) - Phi_P(theta)(x)| over %d inputs = %.2e, while |theta - P(theta)| = %.3f (|theta| = %.3f)",
    train.size(), outputGap, parameterDistance, Directions.norm(theta))
""")

code(r"""
Check.that("B5", "theta and P(theta) realise the same function (outputs agree to machine precision) though they are far apart",
    outputGap < 1e-12 && parameterDistance > 1.0,
    String.format("max output difference %.2e, parameter distance %.3f", outputGap, parameterDistance))
""")

md(r"""
### The straight line from $\theta$ to $P(\theta)$

Both ends have the same loss. In between, the units are half-way between two roles and the network is worse:
a barrier separates the two copies of the minimum.
""")

code(r"""
Curve line = Slices.line(net, train, theta, permuted, Axis.of("t (0 = theta, 1 = P(theta))", -0.25, 1.25, linePoints));
line
""")

md(r"""
### A plane through three copies

With a second permutation $Q$ we get a third copy, and the plane through $\theta$, $P(\theta)$ and $Q(\theta)$ (the book's
three-solution plane) shows three equally deep valleys at $(0,0)$, $(1,0)$ and $(0,1)$.
""")

code(r"""
double[] permuted2 = net.permuteHiddenUnits(theta, 1, new int[]{6, 2, 4, 0, 7, 1, 5, 3});
Surface copies = Slices.throughThree(net, train, theta, permuted, permuted2, gridPoints);
HeatmapPlot.of(copies).title("loss on the plane through theta, P(theta), Q(theta)").logScale().levels(10)
    .marker(0, 0, "theta").marker(1, 0, "P(theta)").marker(0, 1, "Q(theta)").build()
""")

md(r"""
### Check

The two ends of the line are equal minima (to rounding), and the loss on the way rises well above them:
a barrier of at least the minimum's own loss. (This is what usually happens; a symmetry alone does not force a
barrier, so if this check ever failed it would say the two copies are joined by a flat path, itself worth knowing.)
""")

code(r"""
Curve between = Slices.line(net, train, theta, permuted, Axis.of("t", 0, 1, linePoints));
double lossTheta = net.loss(theta, train), lossPermuted = net.loss(permuted, train), maxBetween = between.max();
Check.that("B5", "the slice through theta and P(theta) has two equal minima with a barrier between them",
    Math.abs(lossTheta - lossPermuted) < 1e-12 && maxBetween - lossTheta > lossTheta,
    String.format("L(theta) = %.6g, L(P theta) = %.6g, highest loss between them %.4g (barrier %.4g)",
        lossTheta, lossPermuted, maxBetween, maxBetween - lossTheta))
""")

md(r"""
**Count of copies.** For $d_1 = 8$ hidden tanh units there are $8! \cdot 2^8 = 10{,}321{,}920$ parameter vectors with the
same function (permutations, and sign flips $(w, b, v) \mapsto (-w, -b, -v)$ since tanh is odd). Global minima are
never unique, which is harmless; the question of the next notebook is whether *non-global* minima trap training.
""")

write(__file__)
