#!/usr/bin/python3
"""Writes E1_counting_valleys_and_saddles.ipynb (the handout) and ../solutions/E1_...ipynb (run: /usr/bin/python3 notebooks/exercises/E1_counting_valleys_and_saddles.py)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from nbgen import check, code, exercise, md, write_exercises  # noqa: E402


md(r"""
# Exercises 1-6 · Counting parameters, spurious valleys, a path that never climbs, a plane and a saddle

**What you practise.** The definitions of the chapter (Definitions 12.1-12.3, Exercises 12.6-12.8) done with numbers:
you write a few lines in each grey cell marked *your answer*, run it, and the cell after it checks your answer. A
check says **✔ right** with what it verified, or **✘ not yet** with what is off and a hint; it never shows the
answer, and it accepts any correct one. Run the cells from the top; change your answer and run its two cells again.

**Before you start:** notebooks 00 (a loss surface), 03 (symmetry) and 04 (spurious valleys) of the series.

**How long it takes:** the cells run in about 20 s at `ci` (18-20 s measured on 2 shared cores, plus the kernel's
start-up); solving them takes about 45 to 60 minutes.
""")

code(r"""
import org.landscape.notebook.*;
import org.landscape.exercise.*;
import org.landscape.data.*;
import org.landscape.model.*;
import org.landscape.slice.*;
import org.landscape.plot.*;
import org.landscape.hessian.*;
import java.util.*;
import java.util.function.*;
import java.util.stream.*;

Notebook.setup()
""")

md(r"""
## Exercise 1 · How many parameters?

The architecture $\mathcal{A} = (d_0, d_1, \dots, d_{L+1})$ of a fully connected network fixes its number of
parameters $n_{\mathcal{A}}$ (Definition 12.1's parameter space is $\mathbb{R}^{n_{\mathcal{A}}}$). Count them for
$\mathcal{A} = (784, 100, 10)$, an MNIST classifier with one hidden layer of 100 units, **by hand**: every weight and every
bias counts (the library has a call for it; use it only afterwards, to see why).
""")

exercise(r"""
long nA = 0;   // your answer: n_A for (784, 100, 10)
""", r"""
long nA = 784 * 100 + 100 + 100 * 10 + 10;   // weights and biases of the two layers
""")

check(r"""
Exercises.parameterCount(Architecture.of(784, 100, 10), nA)
""")

md(r"""
## Exercise 2 · A local minimum lies in a spurious valley (Exercise 12.6)

Definition 12.3: a *spurious valley* is a path-connected component of a sub-level set $\{\theta : L(\theta) \le c\}$
that contains no global minimum. Exercise 12.6 asks to show that a local minimum that is not global lies in one.
Here the landscape is one-dimensional, $f(x) = x^4 - 3x^2 + x$:
""")

code(r"""
Curve.evaluate("f", Axis.of("x", -2, 2, 201), x -> Exercises.twoWells().applyAsDouble(x))
""")

md(r"""
Find the local minimum $x^*$ that is not global (to at least 6 digits: $f'(x^*) = 0$), and a level $c$ such that the
piece of $\{f \le c\}$ that holds $x^*$ holds no global minimum. Then say in one sentence why such a $c$ always
exists for a local minimum that is not global.
""")

exercise(r"""
double xStar = 0;   // your answer: the local, non-global minimum
double level = 0;   // your answer: a level c
""", r"""
DoubleUnaryOperator slope = x -> 4 * x * x * x - 6 * x + 1, curvature = x -> 12 * x * x - 6;
double xStar = 1;
for (int i = 0; i < 30; i++) xStar -= slope.applyAsDouble(xStar) / curvature.applyAsDouble(xStar);   // Newton on f'
double level = Exercises.twoWells().applyAsDouble(xStar) + 0.5;   // any c from f(x*) up to below the hill between the wells
""")

check(r"""
Exercises.spuriousValleyOfALocalMinimum(xStar, level)
""")

md(r"""
## Exercise 3 · A path that never climbs (Exercise 12.7)

Exercise 12.7: if a continuous path from $\theta_1$ to a global minimum has a loss that never goes up, $\theta_1$ is in
no spurious valley. On the landscape $L(x, y) = (x^2 + y^2 - 1)^2 + 0.3\,(x - 1)^2$, a tilted ring, start at
$\theta_1 = (-1, 0)$ and give such a path to the global minimum, as points $\{x_k, y_k\}$ no more than 0.05 apart.
""")

code(r"""
HeatmapPlot.of(Surface.evaluate("L", Axis.of("x", -1.3, 1.3, 105), Axis.of("y", -1.3, 1.3, 105), Exercises.ring()))
    .title("a tilted ring").levels(14).marker(-1, 0, "theta_1").build()
""")

exercise(r"""
double[][] path = {{-1, 0}, {1, 0}};   // your answer: the points of the path, from (-1, 0) to the global minimum
""", r"""
double[][] path = IntStream.rangeClosed(0, 200).mapToObj(k -> new double[]{Math.cos(Math.PI * (1 - k / 200.0)), Math.sin(Math.PI * (1 - k / 200.0))}).toArray(double[][]::new);   // along the ring's bottom
""")

check(r"""
Exercises.monotonePath(path)
""")

md(r"""
## Exercise 4 · One ReLU neuron has a spurious valley (Exercise 12.8)

The single neuron $\Phi_{w,b}(x) = \max(0, wx + b)$ on the 61 points of notebook 04, $x$ evenly from $-3$ to $3$ with
$y = 2.5\max(0, -x - 2) + 3\max(0, x - 2)$ (a flat middle, a left arm of slope $-2.5$ and a steeper right arm of slope
3, both bending at $|x| = 2$), square loss `Exercises.neuronLoss(w, b)`. Give parameters $(w, b)$
inside a spurious valley: a point from which **every** path to the global minimum must climb above the loss at the
point. The book's hint: what is $\Phi$ on the way from $w < 0$ to $w > 0$?
""")

code(r"""
HeatmapPlot.of(Surface.evaluate("loss", Axis.of("w", -5, 5, 121), Axis.of("b", -10, 3, 121), Exercises::neuronLoss))
    .title("one ReLU neuron").logScale().levels(8).build()
""")

exercise(r"""
double w = 0, b = 0;   // your answer: a point in the spurious valley
""", r"""
double w = -2.5, b = -5;   // the left arm, 2.5 max(0, -x - 2): every path to w > 0 crosses w = 0, a constant function
""")

check(r"""
Exercises.spuriousValleyOfANeuron(w, b)
""")

md(r"""
## Exercise 5 · The plane through three solutions, by hand

Figure 12.2's third kind of slice is the plane through three parameter vectors (in the series, three trained
solutions; here three initialisations of one architecture, from three seeds: the geometry is the same). Build the plane $\{o + \alpha u + \beta v\}$ through all three yourself:
an origin $o$ and two directions $u$, $v$, as `double[]` of length $n_{\mathcal{A}}$ (the library's
`Plane.throughThree` does it; write it without).
""")

code(r"""
Network.Builder small = Network.builder(Architecture.of(2, 8, 1)).activation(Activation.TANH).loss(Loss.SQUARE);
double[][] thetas = IntStream.of(1, 2, 3).mapToObj(seed -> small.seed(seed).build().parameters()).toArray(double[][]::new);
"three parameter vectors of length " + thetas[0].length
""")

exercise(r"""
double[] origin = new double[thetas[0].length], u = new double[thetas[0].length], v = new double[thetas[0].length];   // your answer
""", r"""
double[] origin = thetas[0].clone();
double[] u = IntStream.range(0, origin.length).mapToDouble(i -> thetas[1][i] - thetas[0][i]).toArray();   // towards theta_2
double[] v = IntStream.range(0, origin.length).mapToDouble(i -> thetas[2][i] - thetas[0][i]).toArray();   // towards theta_3
""")

check(r"""
Exercises.planeThroughThree(thetas[0], thetas[1], thetas[2], origin, u, v)
""")

md(r"""
## Exercise 6 · Find a saddle and its index

A network $1 \to 3 \to 1$ with tanh and square loss on 20 points of $y = x^3 + 0.5$. Find a critical point
($|\nabla L| < 10^{-6}$) that is a **saddle**, and give its index: the number of Hessian eigenvalues below $-0.001$.
No search is needed: think of a network whose hidden units all output 0. Then explain the index you found.
""")

code(r"""
Dataset cubic = Synthetic.evenly(20, -1, 1, x -> x * x * x + 0.5);
Network tiny = Network.builder(Architecture.of(1, 3, 1)).activation(Activation.TANH).loss(Loss.SQUARE).seed(1).build();
tiny.layout()
""")

exercise(r"""
double[] saddle = tiny.parameters();   // your answer: a saddle
int index = 0;                         // your answer: its index
""", r"""
double[] saddle = new double[tiny.parameters().length];                  // every weight and bias 0: hidden units output tanh(0) = 0
saddle[saddle.length - 1] = Arrays.stream(cubic.labels().toDoubleVector()).average().getAsDouble();   // output bias = mean(y)
int index = Index.count(DenseEigen.all(Hessians.dense(Risk.of(tiny, cubic), saddle)).eigenvalues());   // one per hidden unit
""")

check(r"""
Exercises.saddle(tiny, cubic, saddle, index)
""")

write_exercises(__file__)
