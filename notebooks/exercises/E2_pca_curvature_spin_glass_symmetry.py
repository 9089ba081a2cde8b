#!/usr/bin/python3
"""Writes E2_pca_curvature_spin_glass_symmetry.ipynb (the handout) and ../solutions/E2_...ipynb (run: /usr/bin/python3 notebooks/exercises/E2_pca_curvature_spin_glass_symmetry.py)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from nbgen import check, code, exercise, md, write_exercises  # noqa: E402


md(r"""
# Exercises 7-12 · The PCA plane, H0 and H1, the spin glass's threshold, permuted minima, rescaled sharpness

**What you practise.** Computing by hand what the series' notebooks compute with one call, to see what each call
means: you write a few lines in each cell marked *your answer*, and the cell after it checks them (**✔ right** with
what it verified, or **✘ not yet** with what is off and a hint; never the answer; any correct answer passes).

**Before you start:** notebooks 01 (visualising), 03 (symmetry), 05 (saddles and Gauss-Newton), 08 (the spin glass)
and 13 (sharp and flat minima) of the series.

**How long it takes:** the cells run in about 15 s at `ci` (12 s measured on 2 shared cores, plus the kernel's start-up);
solving them takes about 60 to 90 minutes.
""")

code(r"""
import org.landscape.notebook.*;
import org.landscape.exercise.*;
import org.landscape.data.*;
import org.landscape.model.*;
import org.landscape.train.*;
import org.landscape.slice.*;
import org.landscape.plot.*;
import org.landscape.hessian.*;
import org.landscape.spinglass.*;
import java.util.*;
import java.util.stream.*;

Notebook.setup()
""")

md(r"""
A small network for exercises 7, 8, 9 and 11: $2 \to 5 \to 2$, tanh, square loss, on 40 points of two moons, trained
by full-batch gradient descent with its trajectory recorded every 5 steps.
""")

code(r"""
Dataset moons = Synthetic.twoMoons(40, 0.1, 2);
Network net = Network.builder(Architecture.of(2, 5, 2)).activation(Activation.TANH).loss(Loss.SQUARE).seed(4).build();
double[] start = net.parameters();
TrainingRun run = Trainer.gradientDescent(0.5).steps(1500).recordEvery(5).train(net, moons);
double[] trained = run.finalParameters();
run
""")

md(r"""
## Exercise 7 · The PCA plane of a trajectory

Figure 12.2's second kind of slice is the plane of the first two principal components of the training path. Take
the recorded points (`run.trajectory().matrix()`, one row per snapshot) and compute **by hand** the fraction of their
variance that this plane holds (the library's `Pca` does it; use `DenseEigen` on a matrix you build). Then say why a
training path is so often nearly flat.
""")

exercise(r"""
double[][] points = run.trajectory().matrix();
double planeShare = 0;   // your answer: the fraction of the variance in the PCA plane
""", r"""
double[][] points = run.trajectory().matrix();
double[] mean = IntStream.range(0, points[0].length).mapToDouble(i -> Arrays.stream(points).mapToDouble(p -> p[i]).average().getAsDouble()).toArray();
double[][] centred = Arrays.stream(points).map(p -> IntStream.range(0, p.length).mapToDouble(i -> p[i] - mean[i]).toArray()).toArray(double[][]::new);
double[][] gram = Arrays.stream(centred).map(a -> Arrays.stream(centred).mapToDouble(b -> Vectors.dot(a, b)).toArray()).toArray(double[][]::new);   // same non-zero eigenvalues as the covariance
double[] variances = Arrays.stream(DenseEigen.all(DenseMatrix.of(gram)).eigenvalues()).sorted().toArray();
double planeShare = (variances[variances.length - 1] + variances[variances.length - 2]) / Arrays.stream(variances).sum();
""")

check(r"""
Exercises.pcaFraction(points, planeShare)
""")

md(r"""
## Exercise 8 · H0 is positive semidefinite

Proposition 12.5: $H = H_0 + H_1$ with $H_0 = \frac1m \sum_i J_i^\top \nabla^2\ell\, J_i$ (the Gauss-Newton part) and $H_1$
the part weighted by the errors. At the network's **initial** parameters `start`, give the smallest eigenvalue of
$H_0$, and compare it with the whole Hessian's. Why can $H_0$ never have a negative eigenvalue for the square loss?
""")

exercise(r"""
double smallestH0 = -1;   // your answer
""", r"""
double smallestH0 = Arrays.stream(DenseEigen.all(GaussNewton.at(net, moons, start).h0Operator().dense()).eigenvalues()).min().getAsDouble();
""")

check(r"""
Exercises.smallestOfH0(net, moons, start, smallestH0)
""")

md(r"""
## Exercise 9 · Predict, then measure: the smallest eigenvalue of $H_0 + \lambda H_1$

The chapter's argument for saddles scales the errors: with $H_1$ weighted by $\lambda$, the smallest eigenvalue of
$H_0 + \lambda H_1$ eventually becomes negative and grows in size. **First predict** the exponent $p$ in
$|\lambda_{\min}(H_0 + \lambda H_1)| \sim \lambda^p$ for large $\lambda$ and write it down; then measure it at `start`
(e.g. at $\lambda = 10^2$ and $10^4$, as a slope in log-log) and give the measured value.
""")

exercise(r"""
double exponent = 0;   // your answer: the measured exponent p
""", r"""
GaussNewton parts = GaussNewton.at(net, moons, start);
DenseMatrix h0 = parts.h0Operator().dense(), h1 = parts.h1Operator().dense();
java.util.function.DoubleUnaryOperator smallest = lambda -> Arrays.stream(DenseEigen.all(DenseMatrix.of(IntStream.range(0, h0.rows()).mapToObj(i -> IntStream.range(0, h0.rows()).mapToDouble(j -> h0.get(i, j) + lambda * h1.get(i, j)).toArray()).toArray(double[][]::new))).eigenvalues()).min().getAsDouble();
double exponent = Math.log(smallest.applyAsDouble(1e4) / smallest.applyAsDouble(1e2)) / Math.log(100);   // prediction: 1
""")

check(r"""
Exercises.scalingExponent(net, moons, start, exponent)
""")

md(r"""
## Exercise 10 · Locate $E_\infty(3)$ numerically

For the spherical 3-spin glass (notebook 08), critical points at energies below $-E_\infty$ are, with overwhelming
probability, minima or of low index; above it their typical index is a positive fraction of $\Lambda$.
`Complexity.typicalIndexFraction(3, u)` is that fraction at energy $u$. Find $E_\infty(3)$ to 4 digits **numerically**,
without the closed form, and compare it with $E_0(3)$, the ground state (`Complexity.groundState(3)`).
""")

code(r"""
Curve.evaluate("typical index / Lambda", Axis.of("u", -2, 0, 201), u -> Complexity.typicalIndexFraction(3, u))
""")

exercise(r"""
double eInf = 0;   // your answer: E_inf(3) > 0
""", r"""
double lo = -2, hi = -1;   // bisection: the fraction is 0 at lo, positive at hi
for (int i = 0; i < 60; i++) { double mid = (lo + hi) / 2; if (Complexity.typicalIndexFraction(3, mid) > 0) hi = mid; else lo = mid; }
double eInf = -(lo + hi) / 2;
""")

check(r"""
Exercises.eInfinity(eInf)
""")

md(r"""
## Exercise 11 · A slice that shows a barrier between permuted minima

Permuting the hidden units gives another parameter vector with exactly the same function (notebook 03): another
minimum. Design the slice: choose a permutation of the 5 hidden units (entry $j$: which unit of `trained` becomes
unit $j$) such that the straight line from `trained` to its permuted copy shows a barrier. Look at the line with
`Slices.line(net, moons, trained, net.permuteHiddenUnits(trained, 1, yours), Axis.of("t", 0, 1, 41))`.
""")

exercise(r"""
int[] permutation = {0, 1, 2, 3, 4};   // your answer
""", r"""
int[] permutation = {4, 3, 2, 1, 0};   // reverse the units: every unit moves, except the middle one
""")

check(r"""
Exercises.permutedBarrier(net, moons, trained, permutation)
""")

md(r"""
## Exercise 12 · Sharpness is not a property of the function (Dinh et al. 2017)

For a ReLU network, $\mathrm{relu}(cz) = c\,\mathrm{relu}(z)$ for $c > 0$. Take the ReLU network below and build **by hand**
parameters that compute exactly the same function but differ from $\theta$: multiply its hidden layer's incoming
weights and biases by $c$ and its outgoing weights by $1/c$. The check tells you how far the top Hessian eigenvalue
moved. (The library's `Network.rescaleLayers` does this; `relu.layout()` tells you where each array sits.)
""")

code(r"""
Network relu = Network.builder(Architecture.of(2, 5, 2)).activation(Activation.RELU).loss(Loss.SQUARE).seed(4).build();
double[] theta = Trainer.gradientDescent(0.2).steps(300).train(relu, moons).finalParameters();   // trained: its biases are not 0
relu.layout()
""")

exercise(r"""
double[] rescaledTheta = theta.clone();   // your answer
""", r"""
double c = 10;
ParameterLayout.Layer in = relu.layout().layer(0), out = relu.layout().layer(1);
double[] rescaledTheta = theta.clone();
for (int i = in.weightOffset; i < in.end(); i++) rescaledTheta[i] *= c;                                    // W0 and b0: into the hidden units
for (int i = out.weightOffset; i < out.weightOffset + out.weightCount(); i++) rescaledTheta[i] /= c;      // W1: out of them (b1 stays)
""")

check(r"""
Exercises.rescaled(relu, moons, theta, rescaledTheta)
""")

write_exercises(__file__)
