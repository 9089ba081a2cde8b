#!/usr/bin/python3
"""Writes 08_spin_glass_critical_points.ipynb (run: /usr/bin/python3 notebooks/08_spin_glass_critical_points.py)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from nbgen import code, md, write  # noqa: E402


md(r"""
# 08 · The critical points of a spherical spin glass

**What this notebook shows.** The COLT open problem (seed 001) compares the loss of a network with the energy of a
*spherical spin glass*: a random polynomial on a high-dimensional sphere. For that function it is known, on
average, how many critical points — minima, and saddles of each index — lie below each energy level (Auffinger,
Ben Arous and Černý 2013). The paper's Figure 2 plots these counts for $H = 3$, $\Lambda = 1000$: local minima and
saddles of low index all sit in a narrow band of energies $(-\Lambda E_0, -\Lambda E_\infty)$ just above the global
minimum; above $-\Lambda E_\infty$ there are only saddles, and their index grows with the energy. We draw the curves
from the formulas, check the constants $E_0$ (against the literature) and $E_\infty$ (against the Hessian spectrum of
an actual glass), *find* critical points of a small spin glass numerically and compare their indices and energies
with the theory, including where the threshold lies: the energy at which their index starts to rise.

**Claim:** P2 (COLT open problem, Appendix B and Figure 2).

**How long it takes:** about 15 s at `ci` scale ($\Lambda = 40$, 200 starts of the numerical search; 11 s measured
on a busy shared 2-core machine, plus the kernel's start-up) and about 2.5 minutes at `full` scale ($\Lambda = 80$, 600
starts; 146 s measured on the same machine). Figure 2 itself is computed from
formulas and is the same at both scales.
""")

code(r"""
import org.landscape.notebook.*;
import org.landscape.display.*;
import org.landscape.spinglass.*;
import java.util.*;

Notebook.setup()
""")

code(r"""
Scale scale = Notebook.scale();
int H = 3;
int lambdaFigure = 1000;                     // Figure 2's size (formulas only: no glass of this size is built)
int lambdaSearch = scale.pick(40, 80);       // the small glass whose critical points we find numerically
int searchStarts = scale.pick(200, 600);     // starts of the numerical search
"scale " + scale + ": Figure 2 at lambda = " + lambdaFigure + "; numerical search at lambda = " + lambdaSearch
    + " from " + searchStarts + " starts"
""")

md(r"""
## The spherical spin glass

Take $\Lambda$ coordinates $w = (w_1, \dots, w_\Lambda)$ on the sphere $\frac1\Lambda\sum_i w_i^2 = 1$, i.e.
$|w|^2 = \Lambda$, and independent standard normal numbers $X_{i_1 i_2 \dots i_H}$. The energy (the paper's
"Hamiltonian", standing in for a network's loss) is

$$L(w) = \Lambda^{-(H-1)/2} \sum_{i_1,\dots,i_H=1}^{\Lambda} X_{i_1 \dots i_H}\, w_{i_1} \cdots w_{i_H} .$$

The factor $\Lambda^{-(H-1)/2}$ makes $L(w)$ of size $\sqrt\Lambda$ at a random point and of size $\Lambda$ at the
critical points that matter, so energies are compared per coordinate: $u = L/\Lambda$.

* A **critical point** on the sphere is a point where the *Riemannian gradient* — the gradient with its component
  along $w$ removed, $\nabla L - \frac{w\cdot\nabla L}{\Lambda} w$ — vanishes.
* Its **index** is the number of negative eigenvalues of the *Riemannian Hessian* on the $(\Lambda-1)$-dimensional
  tangent space: 0 for a local minimum, $\Lambda - 1$ for a local maximum, in between for saddles.

`SphericalSpinGlass` computes all of these (its tests check the gradient and the Hessian against finite differences
along great circles). The couplings $X$ take memory: the library stores only their symmetric part, $\Lambda^2(\Lambda+1)/2$
numbers for $H = 3$ — half of the $\Lambda^3$ — but at $\Lambda = 1000$ that is still 4 GB, more than this
2 GB kernel has. The library says so before it tries:
""")

code(r"""
SphericalSpinGlass.memoryVerdict(1000, 3)
""")

md(r"""
So Figure 2 (at $\Lambda = 1000$) comes from the formulas below; numerical critical points come from a small glass
further down.

## Counting critical points: the formulas of Auffinger, Ben Arous and Černý

Let $\mathrm{Crt}_{\Lambda,k}(u)$ be the number of critical points of index $k$ with energy below $\Lambda u$, and
$\mathrm{Crt}_\Lambda(u)$ the number of all critical points below $\Lambda u$. Their *mean* numbers grow or shrink
exponentially in $\Lambda$, with rates ("complexities")

$$\tfrac1\Lambda \log \mathbb E\, \mathrm{Crt}_{\Lambda,k}(u) \to \Theta_{k,H}(u), \qquad
  \tfrac1\Lambda \log \mathbb E\, \mathrm{Crt}_{\Lambda}(u) \to \Theta_{H}(u),$$

so the mean counts are $e^{\Lambda\Theta}$ to exponential accuracy. With the threshold
$E_\infty = 2\sqrt{(H-1)/H}$ and, for $u \le -E_\infty$,
$I_1(u) = -\frac{u}{E_\infty^2}\sqrt{u^2-E_\infty^2} - \ln\!\big(-u+\sqrt{u^2-E_\infty^2}\big) + \ln E_\infty$:

$$\Theta_{k,H}(u) = \begin{cases}\tfrac12\ln(H-1) - \tfrac{H-2}{4(H-1)}u^2 - (k+1)\,I_1(u) & u \le -E_\infty\\[2pt]
  \tfrac12\ln(H-1) - \tfrac{H-2}{H} & u \ge -E_\infty\end{cases}
\qquad
\Theta_{H}(u) = \begin{cases}\tfrac12\ln(H-1) - \tfrac{H-2}{4(H-1)}u^2 - I_1(u) & u \le -E_\infty\\[2pt]
  \tfrac12\ln(H-1) - \tfrac{H-2}{4(H-1)}u^2 & -E_\infty \le u \le 0\\[2pt] \tfrac12\ln(H-1) & u \ge 0\end{cases}$$

Where the formulas come from, in one paragraph: by the Kac–Rice formula the mean number of critical points is an
average of $|\det \text{Hessian}|$, and at a critical point of energy $\Lambda u$ the Riemannian Hessian is a random
(GOE) matrix with a semicircle spectrum of radius $2\sqrt{H(H-1)}$, shifted by $-Hu$. Below $u = -E_\infty$ the whole
semicircle is positive, so a typical critical point there is a minimum; an index-$k$ point needs $k$ eigenvalues
pulled below zero, a large deviation whose cost is $I_1(u)$ per eigenvalue. Above $-E_\infty$ the semicircle
reaches below zero and a typical critical point has a positive *fraction* of negative eigenvalues: points of fixed
index stop appearing, which is why $\Theta_{k,H}$ is flat there.

$E_k$ is where $\Theta_{k,H}$ crosses zero: below $-\Lambda E_k$ one expects no index-$k$ point at all. $E_0$ is the
ground state (the global minimum is about $-\Lambda E_0$) and $E_0 > E_1 > E_2 > \dots > E_\infty$: the *layers* of the
paper. `Complexity` implements these formulas; its unit tests check continuity at $-E_\infty$, the plateau, $I_1$ against
a numerical integral, and the statements that follow from the formulas alone (the minima curve is flat above
$-E_\infty$, all critical points grow by 145 orders of magnitude above it, the curves are ordered by index below it).
""")

code(r"""
Complexity.layers(H, lambdaFigure, 5)
""")

md(r"""
## P2 · Figure 2: the complexity of critical points

The claim (seed 001, Appendix B): *local minima and low-index saddle points are located in the band
$(-\Lambda E_0(H), -\Lambda E_\infty(H))$, whereas high-index saddle points can only be found above the energy
barrier $-\Lambda E_\infty(H)$.* Below: $\log_{10}$ of the mean number of critical points with energy below $\Lambda u$,
against the energy $\Lambda u$, for $H = 3$, $\Lambda = 1000$. Left: the whole lower half of the energy range; right:
zoomed into the band. Black: $-\Lambda E_0$, red: $-\Lambda E_\infty$ (the paper's colours). The counts are plotted on a
log scale because they span 150 orders of magnitude: at $u = 0$ there are about $e^{\Lambda\frac12\ln 2} \approx 10^{150}$
critical points.
""")

code(r"""
SpinGlassCharts.figure2(H, lambdaFigure)
""")

md(r"""
**Reading the figure.**

* The blue curve (all critical points) keeps rising up to energy 0: most critical points are at high energy.
* Below $-\Lambda E_\infty$ the green curve (minima) *coincides* with the blue one: almost every critical point down there
  is a minimum. It crosses $10^0 = 1$ at $-\Lambda E_0$ (black line): below that one expects no minimum at all — that is the
  ground state.
* At $-\Lambda E_\infty$ (red line) the minima curve turns flat: the cumulative count stops growing, i.e. essentially no
  new minima appear at higher energies. The same holds for saddles of index 1, 2, 5 — each starts at its own
  $-\Lambda E_k$ (the layers) and is flat above $-\Lambda E_\infty$.
* So between $-\Lambda E_0$ and $-\Lambda E_\infty$ (a band of width $\Lambda(E_0-E_\infty) \approx 24$ energy units at
  $\Lambda = 1000$) lie about $10^{5.7}$ minima, and above it lie the other $10^{150}$ critical points, all saddles whose
  index grows with the energy.

## P2 · The constants, checked against independent values

$E_0(3)$ is the zero of $\Theta_{0,3}$, found by bisection; the literature value is $E_0(3) \approx 1.657$ (Auffinger,
Ben Arous and Černý 2013, and the paper's Figure 2, whose black line sits at $-1657$ for $\Lambda = 1000$).

$E_\infty = 2\sqrt{(H-1)/H}$ is, in the formulas, the energy where the shifted semicircle of the Hessian touches
zero: the semicircle has radius $R = 2\sqrt{H(H-1)}$ and is shifted by $-Hu$, so minima become typical below
$u = -R/H$. That can be measured on an actual glass, without the formula: the Riemannian Hessian at a random
point has the semicircle spectrum, whose variance is $R^2/4$. `semicircleRadius` measures $R$ as twice the standard
deviation of the $\Lambda - 1$ tangent eigenvalues, averaged over 20 random points of the small glass below; its
statistical error at $\Lambda = 40$ is about 1% (a probe of two glasses per size, 10 points each, measured $R/H$ =
1.58 and 1.73 at $\Lambda = 20$, 1.636 and 1.648 at $\Lambda = 40$, 1.639 and 1.652 at $\Lambda = 80$), so we ask for
agreement within 2%. Were the formula's constant wrong by more than that (say $2\sqrt{H/(H-1)}$ or $\sqrt{(H-1)/H}$),
the check would fail.
""")

code(r"""
Check.close("P2", "E_0(3), the zero of Theta_0,3 found by bisection, is the ground state 1.657 of the literature",
    Complexity.groundState(3), 1.657, 5e-4)
""")

code(r"""
SphericalSpinGlass small = SphericalSpinGlass.of(lambdaSearch, H, 8);
double eInfMeasured = small.semicircleRadius(20, 1) / H;   // from the glass's Hessians at 20 random points
Check.close("P2", "E_inf(3) from the formula 2 sqrt(2/3) equals the semicircle radius / H of the Hessian spectrum of a glass "
    + "with lambda = " + lambdaSearch + " (within 2%)", Complexity.eInfinity(H), eInfMeasured, 0.02 * eInfMeasured)
""")

md(r"""
## P2 · Critical points found numerically (small $\Lambda$)

The formulas are asymptotic ($\Lambda \to \infty$) statements about *mean* counts. Do the critical points of one small
spin glass look like that? Gradient descent only finds minima (saddles repel it), so to find saddles too, each start
takes a random number (0 to 25) of gradient-descent steps — which leaves it at a random energy level — and then runs
**Newton's method on the sphere**, which converges to a nearby critical point whatever its index: it solves
$\text{Hess}_S\, d = -\text{grad}_S$ in the tangent space, using the eigen-decomposition of the Riemannian Hessian
(the library's dense eigensolver). Each point found gets its energy and its index (eigenvalues below $10^{-3}$ in magnitude
count as 0, as in the paper).

The grey curve is the theory's *typical* index at energy $\Lambda u$: the fraction of the shifted semicircle below
zero, $(\Lambda-1)\,F(u/E_\infty)$ with $F(x) = \frac12 + \frac{x\sqrt{1-x^2} + \arcsin x}{\pi}$ — zero below
$-E_\infty$, half the directions at $u = 0$.
""")

code(r"""
CriticalPointSearch search = CriticalPointSearch.starts(searchStarts).maxDescentSteps(25).maxIterations(40).seed(1);
small
""")

code(r"""
CriticalPoints found = search.run(small);   // interrupt and run again to continue
found
""")

md(r"""
**Reading the picture.** The points follow the theory's curve: the higher the energy, the more directions lead
down. The lowest points are minima (index 0), index-1 saddles come next, and so on — the layers, seen in one small
glass. What differs from the $\Lambda\to\infty$ picture is the position of the band: at $\Lambda = 40$ minima are
found well above $-E_\infty$ (and low-index saddles too). Finite size blurs the thresholds: the extreme eigenvalues of
a $40\times 40$ random matrix fluctuate by a good fraction of the semicircle's radius. Notebook 09 shows how
gradient-descent minima move towards the band as $\Lambda$ grows (at the sizes it can run, almost all of them
still lie above $-E_\infty$).

The table: for each index, how many distinct points were found and the lowest energy among them — the lowest
energy grows with the index.
""")

code(r"""
found.byIndex()
""")

md(r"""
**Check.** The indices of the points found rise with their energy (Spearman rank correlation above 0.8), and they
follow the theory's typical index: the median distance $|k - (\Lambda-1)F(u/E_\infty)|$ is at most 5% of the
$\Lambda - 1$ directions. The lowest point found is a minimum.

Then the threshold itself, from these points alone: the energy at which their index starts to rise. `fittedThreshold`
finds the $E$ for which the curve $(\Lambda-1)F(u/E)$ fits the indices best (least squares); the theory says
$E = E_\infty$. At finite $\Lambda$ the threshold is blurred and the fit lands a little below $E_\infty$: a probe of two
glasses per size gave 1.563 and 1.568 at $\Lambda = 40$, 1.603 and 1.622 at $\Lambda = 80$ (against 1.633), so we ask
for agreement within 6%. A threshold in the code that was off by more than that — or indices that did not switch
on at a threshold at all — would fail it.
""")

code(r"""
Check.that("P2", "critical points found numerically: index rises with energy and follows the theory's typical index; the lowest is a minimum",
    found.count() >= 50 && found.rankCorrelation() > 0.8 && found.medianDeviationFromTheory() <= 0.05 * (lambdaSearch - 1)
        && found.indices()[found.lowest()] == 0,
    String.format("%d points, Spearman rho = %.3f, median |index - theory| = %.2f (limit %.2f), lowest E/lambda = %.4f with index %d",
        found.count(), found.rankCorrelation(), found.medianDeviationFromTheory(), 0.05 * (lambdaSearch - 1),
        found.energiesPerSite()[found.lowest()], found.indices()[found.lowest()]))
""")

code(r"""
Check.close("P2", "the threshold fitted to the indices and energies of the critical points found is E_inf (within 6% at lambda = "
    + lambdaSearch + ")", found.fittedThreshold(), Complexity.eInfinity(H), 0.06 * Complexity.eInfinity(H))
""")

code(r"""
small.close();   // frees the couplings now
"couplings freed: " + small.isClosed()
""")

md(r"""
**Takeaway.** For the spherical spin glass the energy tells the index: below $-\Lambda E_\infty$ almost every critical
point is a minimum, index-$k$ saddles start at $-\Lambda E_k$, and above $-\Lambda E_\infty$ there are only saddles of
growing index. If a network's loss behaved like this (the open problem asks under which assumptions it does), every
minimum an optimiser can find would have almost the same loss. Notebook 09 runs gradient descent from many more starts, up to $\Lambda = 500$, to see where it actually stops.
""")

write(__file__)
