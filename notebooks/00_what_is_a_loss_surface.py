#!/usr/bin/python3
"""Writes 00_what_is_a_loss_surface.ipynb (run: /usr/bin/python3 notebooks/00_what_is_a_loss_surface.py)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from nbgen import code, md, write  # noqa: E402


md(r"""
# 00 · What is a loss surface?

**What this notebook shows.** The *loss surface* (or *loss landscape*) of a network is the **graph** of its loss
$L(\theta)$ over all parameter vectors $\theta$: a hypersurface in $\mathbb{R}^{n+1}$. It is *not* a level set
$\{\theta : L(\theta) = c\}$, which lives in $\mathbb{R}^{n}$. For a network with exactly two parameters we can see the
whole thing, so we draw both and compare. We also count parameters the way the book does ($n_\mathcal{A}$).

**Claims:** S1 (the question thread, seed 000) and B1 (book, Definitions 12.1–12.2).

**How long it takes:** about 30 s at `ci` scale (a 61 × 61 grid; measured on a shared machine under load, about 5 s on
2 idle cores) and about as long at `full` scale (201 × 201; estimated); plus the kernel's start-up.
Set `LANDSCAPE_SCALE=full` before starting Jupyter for the larger grid.
""")

code(r"""
import org.landscape.notebook.*;
import org.landscape.display.*;
import org.landscape.data.*;
import org.landscape.model.*;
import org.landscape.slice.*;
import org.landscape.plot.*;
import tech.tablesaw.api.*;
import java.util.*;
import java.util.function.DoubleBinaryOperator;
import java.util.stream.IntStream;

Notebook.setup()
""")

code(r"""
Scale scale = Notebook.scale();
int gridPoints = scale.pick(61, 201);   // points per axis of the picture
"scale " + scale + ": " + gridPoints + " x " + gridPoints + " grid"
""")

md(r"""
## The definitions (book, Definitions 12.1–12.2)

* An **architecture** is a tuple $\mathcal{A} = (d_0, d_1, \dots, d_{L+1})$: $d_0$ inputs, $L$ hidden layers of widths
  $d_1,\dots,d_L$, and $d_{L+1}$ outputs.
* A network of that architecture is fixed by its weight matrices $W^{(\ell)} \in \mathbb{R}^{d_{\ell+1}\times d_\ell}$ and
  bias vectors $b^{(\ell)} \in \mathbb{R}^{d_{\ell+1}}$, $\ell = 0..L$. Stacked into one vector they form
  $\theta \in \mathbb{R}^{n_\mathcal{A}}$ with
  $$n_\mathcal{A} = \sum_{\ell=0}^{L} d_{\ell+1}\,(d_\ell + 1).$$
* The **realisation map** $R_\sigma$ turns the parameters $\theta$ into the function $\Phi = R_\sigma(\theta)$ they compute
  with activation $\sigma$. Different $\theta$ can realise the same $\Phi$ (notebook 03 is about that).
* Given a sample $S = (x_i, y_i)_{i=1}^m$ and a loss, the empirical risk is
  $\Lambda(\theta) = \widehat{\mathcal R}_S(R_\sigma(\theta)) = \frac1m \sum_i \mathcal{L}(\Phi(x_i), y_i)$.
  The **loss landscape** is the *graph* $\{(\theta, \Lambda(\theta))\} \subset \mathbb{R}^{n_\mathcal{A}} \times \mathbb{R}$.
""")

md(r"""
## B1 · Counting parameters: $n_\mathcal{A}$

The library builds each network in DL4J and asks DL4J how many numbers it stores; next to it, $n_\mathcal{A}$ computed
from the formula above in this notebook, independently of the library.
""")

code(r"""
List<int[]> architectures = List.of(
    new int[]{1, 1, 1}, new int[]{5, 10, 1}, new int[]{5, 20, 20, 20, 20, 1},
    new int[]{5, 1000, 1}, new int[]{100, 25, 10}, new int[]{784, 100, 100, 10});
// n_A = sum_l d_{l+1} (d_l + 1), from the formula, independently of the library
long[] formula = architectures.stream()
    .mapToLong(d -> IntStream.range(0, d.length - 1).mapToLong(l -> (long) d[l + 1] * (d[l] + 1)).sum()).toArray();
long[] library = architectures.stream().mapToLong(d -> Network.builder(Architecture.of(d)).build().parameterCount()).toArray();
Table counts = Table.create("n_A for several architectures",
    StringColumn.create("architecture", architectures.stream().map(d -> Architecture.of(d).toString())),
    IntColumn.create("hidden layers L", architectures.stream().mapToInt(d -> d.length - 2).toArray()),
    LongColumn.create("n_A by the formula", formula), LongColumn.create("parameters in the DL4J network", library));
counts
""")

code(r"""
Check.that("B1", "the library's parameter count equals n_A = sum d_{l+1}(d_l + 1) for every architecture",
    Arrays.equals(formula, library), formula.length + " architectures, from " + Arrays.stream(formula).min().getAsLong()
        + " to " + Arrays.stream(formula).max().getAsLong() + " parameters")
""")

md(r"""
## S1 · The graph, not a level set

The question in the thread: is the "loss surface" a level set of the loss? The answer: it is the **graph** of
$L(w)$. To see the difference we need a network whose parameters we can plot all at once: two parameters.

Take $\mathcal{A} = (1, 1, 1)$ with tanh and **no biases**: $\Phi_w(x) = w_2 \tanh(w_1 x)$, so $w = (w_1, w_2) \in \mathbb{R}^2$.
The data are 40 points of $y = 1.2\tanh(1.5x)$, $x$ uniform on $[-2, 2]$, plus a little noise; the loss is the
mean squared error.
""")

code(r"""
Dataset data = Synthetic.curve(40, -2, 2, x -> 1.2 * Math.tanh(1.5 * x), 0.05, 2018);
Network net = Network.builder(Architecture.of(1, 1, 1)).activation(Activation.TANH).loss(Loss.SQUARE).biases(false).build();
net
""")

md(r"""
With only two parameters, the grid below *is* the whole landscape (restricted to a square), not a
section of it. Every grid value is one full evaluation of the network on the 40 points.
""")

code(r"""
Surface loss = Slices.wholeLandscape(net, data,
    Axis.of("w1", -3, 3, gridPoints), Axis.of("w2", -3, 3, gridPoints));
loss
""")

md(r"""
**The graph** $\{(w_1, w_2, L(w_1, w_2))\} \subset \mathbb{R}^3$: a surface with height $L$. On the left as a 3-D
view (height and colour are $\log_{10} L$), on the right from above, as a shaded map with contour lines.
The two valleys are mirror images: $(w_1, w_2) \mapsto (-w_1, -w_2)$ realises the same function, because tanh is odd.
""")

code(r"""
Surface.Point best = loss.localMinima().get(0);
Figure.row(
    SurfaceView3D.of(loss).title("the loss surface: graph of L over (w1, w2)").logScale().build(),
    HeatmapPlot.of(loss).title("the same graph seen from above").logScale().levels(9)
        .marker(best.x(), best.y(), "minimum").marker(-best.x(), -best.y(), "its mirror").build())
""")

md(r"""
**The level sets** $\{w : L(w) = c\}$ for several values $c$: curves in the *parameter plane*
$\mathbb{R}^2$, one dimension lower than the graph. The question's guess, "the level set at a critical value",
would be one of these curves (or, at a minimum, a single point) — not a surface with hills and valleys.
""")

code(r"""
Plots.levelSets(loss)
""")

md(r"""
### Check

1. The picture is the function: at 200 random grid points, the grid's value equals a direct evaluation of
   $L(w) = \frac1m\sum_i (w_2\tanh(w_1x_i) - y_i)^2$, written out here without the library.
2. The level sets are a different object. Every traced point of the level set $L = c$ has $L \approx c$ (up to the
   interpolation between grid points), and the level set is a set of **curves**: one dimension less than the graph.
   We measure that dimension: halve the grid spacing and count the level set's traced segments again. A curve
   crossed by a grid of spacing $h$ needs about $1/h$ segments, so the count doubles (dimension 1); a region of
   the plane would need about $1/h^2$ cells, so it would quadruple (dimension 2).
""")

code(r"""
// L(w) written out by hand, independently of DL4J and the library.
double[] xs = data.features().toDoubleVector(), ys = data.labels().toDoubleVector();
DoubleBinaryOperator direct = (w1, w2) ->
    IntStream.range(0, xs.length).mapToDouble(i -> Math.pow(w2 * Math.tanh(w1 * xs[i]) - ys[i], 2)).average().getAsDouble();
double maxError = new Random(7).ints(200, 0, gridPoints * gridPoints).mapToDouble(k -> Math.abs(
    loss.value(k % gridPoints, k / gridPoints) - direct.applyAsDouble(loss.x().value(k % gridPoints), loss.y().value(k / gridPoints))))
    .max().getAsDouble();
Check.that("S1", "the grid's values equal direct evaluations of L at 200 sampled points",
    maxError < 1e-12, String.format("max |grid - direct| = %.2e", maxError))
""")

code(r"""
double c = 0.5;
List<double[]> onLevelSet = loss.levelSet(c);
double worst = onLevelSet.stream().mapToDouble(w -> Math.abs(direct.applyAsDouble(w[0], w[1]) - c) / c).max().getAsDouble();
// The same square at half the resolution (every other grid line): the level set's segment count against the spacing.
int coarse = (gridPoints + 1) / 2;
List<double[]> onCoarse = Slices.wholeLandscape(net, data, Axis.of("w1", -3, 3, coarse), Axis.of("w2", -3, 3, coarse)).levelSet(c);
double dimension = Math.log((double) onLevelSet.size() / onCoarse.size()) / Math.log((gridPoints - 1.0) / (coarse - 1));
Check.that("S1", "the level set {L = 0.5} is a set of curves (dimension 1) in the plane on which L is constant, unlike the graph",
    onLevelSet.size() > 50 && worst < 0.05 && dimension > 0.8 && dimension < 1.2,
    String.format("%d traced points, max |L - c|/c = %.3f; halving the spacing took the count from %d to %d: dimension %.2f",
        onLevelSet.size(), worst, onCoarse.size(), onLevelSet.size(), dimension))
""")

md(r"""
**Takeaway.** "Loss surface" = the graph of $L$ over all weights. For real networks $n$ is in the thousands
or millions, so we can only look at it through low-dimensional sections — the subject of notebook 01.
""")

write(__file__)
