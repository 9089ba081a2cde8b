#!/usr/bin/python3
"""Writes 07_is_the_hessian_feasible.ipynb (run: /usr/bin/python3 notebooks/07_is_the_hessian_feasible.py)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from nbgen import code, md, write  # noqa: E402


md(r"""
# 07 · Is the Hessian feasible?

**What this notebook shows.** In the question thread (seed 000) an answer dismisses curvature: *"it is not
computationally feasible to compute the Hessian"*. As a dense matrix, for a large network, that is true: $n$
parameters need $8n^2$ bytes. But almost everything one wants to know about the Hessian — its largest eigenvalues,
its index, its trace, the shape of its spectrum — needs only **Hessian-vector products** $Hv$, and those cost a small
constant number of gradients whatever $n$ is. We measure that constant on three network sizes, then compute the top
of the spectrum of a large network by Lanczos, and its whole spectral density by stochastic Lanczos quadrature.

**Claim:** S2 (the question thread, seed 000): the section headed S2 and the check at the end.

**How long it takes:** about 25 s at `ci` scale (networks of 1.9k, 10.7k and 60.6k parameters, 500 examples) and
about 1.5 minutes at `full` scale (4.3k, 29.6k and 120.9k parameters, 1000 examples), both measured on 2 cores shared
with other jobs; plus the kernel's start-up.
The times measured here depend on the machine and on what else runs on it; the *ratios* are what the claim is about.
""")

code(r"""
import org.landscape.notebook.*;
import org.landscape.display.*;
import org.landscape.data.*;
import org.landscape.model.*;
import org.landscape.hessian.*;
import org.landscape.plot.*;
import tech.tablesaw.api.*;
import java.util.*;

Notebook.setup()
""")

code(r"""
Scale scale = Notebook.scale();
int[] widths = scale.pick(new int[]{16, 64, 200}, new int[]{32, 128, 300});   // networks 100 -> w -> w -> 1
int examples = scale.pick(500, 1000);
int repeats = scale.pick(15, 25);         // timed rounds per network
int top = 10;                              // eigenvalues wanted from Lanczos
"scale " + scale + ": widths " + Arrays.toString(widths) + ", " + examples + " examples, " + repeats + " timed rounds"
""")

md(r"""
## S2 · How much does $Hv$ cost?

The library computes $Hv$ by central differences of gradients of `Risk` (the library's one engine for a network's
loss and gradient), $Hv \approx \big(\nabla L(\theta + \varepsilon v) - \nabla L(\theta - \varepsilon v)\big) / 2\varepsilon$,
in double precision (accurate to about $10^{-10}$; notebook 05 and the unit tests compare it with exact Hessians).
That is two gradients of the same engine, so the ratio should be about 2, a little more for copying $\theta$.
(Pearlmutter's exact $R$-operator, or PyTorch's double backward, costs 2 to 4 gradients too;
`bench/hessian_bench.sh` compares them.)

Three tanh networks $100 \to w \to w \to 1$ on a teacher's data (100 inputs, square loss). Each round times one
`Risk` gradient and then one Hessian-vector product, so that both see the same load from anything else running on the
machine. The table gives the ratio of the median times and the median of the rounds' own ratios, which the check
uses: on a machine shared with other jobs one paused round can move a mean by any amount, a median only when most
rounds are paused. (The ratio of the mean times is shown beside them; it agrees when the measurement was quiet.)
""")

code(r"""
Dataset data = Synthetic.teacher(examples, 100, 20, 3);
Network[] nets = Arrays.stream(widths).mapToObj(w -> Network.builder(Architecture.of(100, w, w, 1)).activation(Activation.TANH).seed(1).build()).toArray(Network[]::new);
ProductCost cost = ProductCost.measure(data, repeats, nets);
cost.table()
""")

code(r"""
cost
""")

md(r"""
## The top of the spectrum of the largest network, by Lanczos

Lanczos builds an orthonormal basis of the Krylov space $\{v, Hv, H^2v, \dots\}$, one $Hv$ per step, in which $H$ is
tridiagonal; the extreme eigenvalues of that small matrix converge to those of $H$ in a few dozen steps. The library
keeps the basis orthogonal (full reorthogonalisation), stops when the top eigenvalues' residuals
$\|Hy - \theta y\|$ are below $10^{-9}$ of the largest, and checks for repeated eigenvalues with a second short run.
""")

code(r"""
Network largest = nets[nets.length - 1];
HessianVectorProduct hLarge = HessianVectorProduct.at(largest, data);
Spectrum topEigenvalues = new Lanczos().largest(hLarge, top).named("the Hessian of the " + largest.parameterCount() + "-parameter network");
double lanczosSeconds = topEigenvalues.seconds();
topEigenvalues
""")

md(r"""
Is the answer right? One more product checks the top eigenpair: $\|Hy_1 - \lambda_1 y_1\|$ should be tiny compared
with $\lambda_1$. And the memory Lanczos used — its basis of `products` vectors of length $n$ — against the dense
matrix.
""")

code(r"""
double relativeResidual = ProductCost.relativeResidual(hLarge, topEigenvalues, 0);
long n = largest.parameterCount();
double basisMb = 8.0 * topEigenvalues.products() * n / 1e6;
Table memory = Table.create("what it took",
    StringColumn.create("what", "parameters n", "Hessian-vector products", "time", "memory for the Lanczos basis",
        "memory for a dense Hessian", "relative residual of the top eigenpair"),
    StringColumn.create("value", String.valueOf(n), String.valueOf(topEigenvalues.products()),
        String.format("%.1f s", lanczosSeconds), String.format("%.0f MB", basisMb),
        Hessians.denseMemory(n), String.format("%.1e", relativeResidual)));
memory
""")

md(r"""
For scale: a dense symmetric eigendecomposition (LAPACK through ND4J) of a random matrix of size 1000, timed here.
Its cost grows like $n^3$, so the extrapolation to the large network is only indicative, but the order of
magnitude is the point.
""")

code(r"""
int m = 1000;
double denseSeconds = ProductCost.denseEigenSeconds(m, 5);
double extrapolatedDays = denseSeconds * Math.pow((double) n / m, 3) / 86400;
String.format("dense eigendecomposition, n = %d: %.2f s; at n = %d (if it fit in memory): ~%.0f days by n^3 scaling, "
    + "after %d Hessian-vector products to build the matrix", m, denseSeconds, n, extrapolatedDays, n)
""")

md(r"""
## The whole spectrum, roughly: stochastic Lanczos quadrature

The top ten eigenvalues are ten of $n$. The *shape* of the whole spectrum comes from a few short Lanczos runs from
random vectors (Ghorbani, Krishnan & Xiao 2019): each gives a quadrature rule whose nodes and weights, broadened into
Gaussians, estimate the density of eigenvalues. A log scale shows the outliers next to the bulk near zero.
""")

code(r"""
SpectralDensity density = SpectralDensity.estimate(hLarge, scale.pick(3, 6), scale.pick(30, 60), 7)
    .named("H (" + n + " parameters)");
density
""")

code(r"""
Check.that("S2", "a Hessian-vector product costs a small constant number of gradients of the same engine "
        + "(1.5 <= HVP/gradient <= 4, ratio of the median times and median of the rounds' ratios, at every network size), "
        + "and Lanczos finds the top of the spectrum of a large network from products alone",
    cost.lowestRatio() >= 1.5 && cost.highestRatio() <= 4 && topEigenvalues.converged() && relativeResidual < 1e-6,
    String.format("%s; top %d eigenvalues of n = %d in %.1f s from %d products (%.0f MB of basis vs %s), relative residual %.1e",
        cost.summary(), top, n, lanczosSeconds, topEigenvalues.products(), basisMb, Hessians.denseMemory(n), relativeResidual))
""")

md(r"""
**Takeaway.** "Computing the Hessian" as an $n \times n$ matrix is indeed out of reach for large networks, but nobody
needs to: a Hessian-vector product costs about two gradients, and Lanczos, Hutchinson's trace estimator and
stochastic Lanczos quadrature turn a few dozen of them into the top eigenvalues, the trace and the shape of the
spectrum. What stays expensive is the *full* spectrum to high accuracy (and exact indices of saddles in large
networks: counting all negative eigenvalues needs either the dense matrix or a long run from the bottom end).
""")

write(__file__)
