#!/usr/bin/python3
"""Writes 09_where_gradient_descent_ends.ipynb (run: /usr/bin/python3 notebooks/09_where_gradient_descent_ends.py)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from nbgen import code, md, write  # noqa: E402


md(r"""
# 09 · Where gradient descent ends on a spin glass

**What this notebook shows.** Figure 1 (left) of the COLT open problem (seed 001): for the spherical 3-spin glass of
size $\Lambda$ = 25 … 500, run (stochastic) gradient descent from 1000 random points of the sphere and look at the
energy per coordinate $E/\Lambda$ where it stops. As $\Lambda$ grows, the distribution narrows and moves down towards
the band $(-E_0, -E_\infty)$ where, by notebook 08, the minima of a large spin glass live. We reproduce it, measure the
spread and the mean against $\Lambda$, check that what gradient descent finds are minima (index 0), and look at how far
from the band they still are.

**Claim:** P3 (COLT open problem, Appendix A and Figure 1, left).

**How long it takes:** at `ci` scale ($\Lambda$ = 25, 50, 100, 200; 100 starts each) 2.5 to 6 minutes (139, 263 and 341 s
measured on a busy shared 2-core machine, plus the kernel's start-up; about 40 s on 2 idle cores, measured earlier). At `full` scale ($\Lambda$ = 25, 50, 100, 250, 500; 1000 starts
each, as in the paper) about 1.5 hours on 2 cores (measured on an earlier version of this notebook, with the same
computation: 103 minutes on a busy shared 2-core machine, 95 of them at $\Lambda = 500$, 6 at $\Lambda = 250$): at
$\Lambda = 500$ the couplings take 0.5 GB, every step of 1000 walkers multiplies a $1000 \times 125\,250$ matrix by a
$125\,250 \times 500$ one (125 GFLOP), and the slowest walkers need 9000 steps. The cell below prints a forecast for this
machine before anything starts. Interrupting the long cell keeps the finished walkers; running it again continues,
also after a restart of the kernel or in another session: the walkers' state is saved every 30 seconds in
`saved/09-full` (delete that directory to start afresh).
""")

code(r"""
import org.landscape.notebook.*;
import org.landscape.display.*;
import org.landscape.spinglass.*;
import java.util.*;
import java.nio.file.Path;

Notebook.setup()
""")

code(r"""
Scale scale = Notebook.scale();
DescentStudy study = DescentStudy.sizes(scale.pick(new int[]{25, 50, 100, 200}, new int[]{25, 50, 100, 250, 500}))
    .walkers(scale.pick(100, 1000))       // random starts per size (the paper: 1000)
    .tolerance(1e-4)                      // a walker stops when |Riemannian gradient| / sqrt(lambda) <= 1e-4
    .indexChecks(scale.pick(100, 250))    // minima per size whose Hessian index is computed
    .saveTo(Path.of("saved", "09-" + scale)); // the walkers' state, so that a new kernel continues the run
"scale " + scale + ": " + study.forecast()   // this machine's matrix-product speed, and about 45 sqrt(lambda) steps per walker
""")

md(r"""
## The experiment

The spin glass is the one of notebook 08: $L(w) = \Lambda^{-1}\sum_{ijk} X_{ijk} w_i w_j w_k$ on the sphere
$|w|^2 = \Lambda$, with $X_{ijk}$ independent standard normals (a new glass for each $\Lambda$). Each walker starts at a
uniform random point of the sphere and repeats the projected gradient step

$$r = \nabla L(w) - \tfrac{w\cdot\nabla L(w)}{\Lambda}\, w, \qquad w \leftarrow \sqrt\Lambda\,\frac{w - \eta\, r}{|w - \eta\, r|},$$

with step size $\eta = 1.5/(2\sqrt{H(H-1)} + H E_\infty) \approx 0.153$ (1.5 over the largest curvature expected at a
minimum), until $|r|/\sqrt\Lambda \le 10^{-4}$: a critical point. The paper used SGD; for this function there is no
data to sample, so plain gradient descent is used here (the library can add fading Gaussian gradient noise,
`Descent.noise`, to imitate a stochastic gradient; it is not used in this notebook).

The walkers of one size run **together**: the gradient of every walker is a linear combination of the products
$w_a w_b$, so the gradients of a whole batch are one matrix product between the walkers' products and the
coupling matrix. That is what makes 1000 starts at $\Lambda = 500$ possible at all.

Energies are compared per coordinate, $E/\Lambda$ (footnote 2 of the paper: the energy at critical points grows
linearly with $\Lambda$). The asymptotic band of minima is $(-E_0, -E_\infty) = (-1.6570, -1.6330)$.
""")

code(r"""
double eInf = Complexity.eInfinity(3), e0 = Complexity.groundState(3);
String.format("band (-E0, -Einf) = (%.4f, %.4f); step size %.4f", -e0, -eInf, Descent.defaultStepSize(3))
""")

md(r"""
The long cell. For each size it builds the glass (seed $1000 + \Lambda$; the walkers' seed is $2015 + \Lambda$), runs
all walkers, computes the index of up to 100 (`ci`) or 250 (`full`) of the minima found (Riemannian Hessian, dense
eigenvalues), and frees the couplings. It shows a progress bar; if you interrupt it, run it again to continue where
it stopped.
""")

code(r"""
study.run().summary()
""")

md(r"""
## P3 · Figure 1 (left): the distribution of $E/\Lambda$ at the end of gradient descent

The claim (seed 001, Appendix A): *for larger values of $\Lambda$ the variance of the losses decreases and the
distribution becomes increasingly concentrated around the energy barrier*; for small $\Lambda$ many runs end in poor
(high) minima. One histogram per $\Lambda$ (as densities, so that the areas are equal), with the asymptotic band:
black $-E_0$ (ground state), red $-E_\infty$ (threshold).

The table gives, per size, the minima found (converged walkers) and how many of them are distinct (equal energies
to $10^{-6}$ count as one), the mean, standard deviation, IQR, median and lowest $E/\Lambda$, the mean's distance to
$-E_\infty$, the share of minima inside the band, and how many of the checked minima have index 0.
""")

code(r"""
study
""")

code(r"""
study.table()
""")

md(r"""
**Reading the figure and the table.** For small $\Lambda$ the distribution is wide, with a long tail of poor
minima far above the band, and spiky: a glass with 25 coordinates has few minima, and many walkers fall into the
same ones ("distinct minima" counts them). As $\Lambda$ grows, every walker finds a different minimum, the
distribution narrows and its bulk moves to lower energies.
""")

md(r"""
## How the spread and the distance to the band shrink with $\Lambda$

Left: the spread of $E/\Lambda$ (standard deviation and interquartile range) against $\Lambda$, on log–log axes.
Right: how far the *mean* still is above the threshold, $\overline{E/\Lambda} - (-E_\infty)$, against $\Lambda$, with a
power-law fit $a\,\Lambda^{-b}$. The dashed lines are least-squares fits of $\log y$ on $\log\Lambda$. `Plots.logLog` draws both.
""")

code(r"""
study.trends()
""")

md(r"""
**The band is an asymptotic statement.** $(-E_0, -E_\infty)$ is where minima live as $\Lambda \to \infty$. At the sizes we
can run, gradient descent stops clearly *above* $-E_\infty$: the mean is still a few hundredths to a tenth per
coordinate above the threshold (right panel), and only a minority of the runs (from none to about a tenth,
depending on the glass) reach into the band. The
distance shrinks like a power of $\Lambda$ (the fitted exponent is printed in the legend), i.e. slowly. Two effects
add up: at finite $\Lambda$ there are minima above $-E_\infty$ (the thresholds are blurred, notebook 08), and
gradient descent in a glassy landscape slows down near the threshold ("aging": for $\Lambda \to \infty$ the dynamical
theory of Cugliandolo and Kurchan, 1993, has gradient descent approach exactly $-E_\infty$, and only as a power of
time), so the larger the system, the closer to the threshold it stops, and the slower it gets there. What the figure shows — and the checks below test — is the trend: narrower and
lower as $\Lambda$ grows.

## P3 · Checks

1. The spread falls with $\Lambda$: the log–log slope of the standard deviation and of the IQR against $\Lambda$ is
   negative, and both are smaller at the largest $\Lambda$ than at the smallest.
2. The mean moves down towards $-E_\infty$: the slope of the mean against $\log\Lambda$ is negative, the mean at the
   largest $\Lambda$ is below the mean at the smallest, and the distance to $-E_\infty$ at the largest $\Lambda$ is
   smaller than at the smallest.
""")

code(r"""
double[] std = study.stds(), iqr = study.iqrs();
int last = std.length - 1;
Check.that("P3", "the spread of E/lambda at the minima falls as lambda grows",
    study.spreadFit().slope() < 0 && study.iqrFit().slope() < 0 && std[last] < std[0] && iqr[last] < iqr[0],
    String.format("std %s (log-log slope %.2f); IQR %s (slope %.2f)", DescentStudy.rounded(std), study.spreadFit().slope(),
        DescentStudy.rounded(iqr), study.iqrFit().slope()))
""")

code(r"""
double[] mean = study.means(), dist = study.distances();
Check.that("P3", "the mean of E/lambda moves down towards -E_inf as lambda grows",
    study.meanFit().slope() < 0 && mean[last] < mean[0] && Math.abs(dist[last]) < Math.abs(dist[0]),
    String.format("means %s against -E_inf = %.4f; slope per unit of ln(lambda) %.4f; distance mean - (-E_inf) from %.4f (lambda = %.0f) "
        + "to %.4f (lambda = %.0f), fitted ~ lambda^%.2f", DescentStudy.rounded(mean), -eInf, study.meanFit().slope(), dist[0],
        study.sizes()[0], dist[last], study.sizes()[last], study.distanceFit().slope()))
""")

md(r"""
3. No minimum lies below the ground state $-E_0$ — the theory says there are none (on average fewer than one below
   $-\Lambda E_0$, exponentially few below it).
4. What gradient descent found are minima: every minimum whose index was computed has index 0 (no negative eigenvalue
   of the Riemannian Hessian below $-10^{-3}$, the paper's convention), and their smallest eigenvalue is positive.
""")

code(r"""
Check.that("P3", "no minimum found lies below the ground state -E_0", study.lowestMinimum() > -e0,
    String.format("lowest E/lambda found %.4f (lambda = %d) > -E_0 = %.4f", study.lowestMinimum(), study.lowestMinimumSize(), -e0))
""")

code(r"""
Check.that("P3", "the points where gradient descent stops are minima: index 0",
    study.indicesChecked() > 0 && study.indexZero() == study.indicesChecked() && study.smallestEigenvalue() > 0,
    String.format("%d of %d checked points have index 0 (all sizes); smallest Hessian eigenvalue %.2e; "
        + "%d walkers hit the step limit without converging", study.indexZero(), study.indicesChecked(), study.smallestEigenvalue(),
        study.notConverged()))
""")

md(r"""
**Takeaway.** Gradient descent on the spherical 3-spin glass ends in minima whose energies concentrate as the system
grows, and the concentration happens from above, moving towards the threshold $-E_\infty$ — not towards the ground
state $-E_0$. Small glasses often end in poor minima far above the band; large ones almost never do, but they do not
reach the band's bottom either. The paper's conjecture is that large networks behave the same way. Its Figure 1 (right), claim P4 — networks of
growing width trained on MNIST — asks that of a real loss; no notebook of this series (00–09) tests it yet.
""")

write(__file__)
