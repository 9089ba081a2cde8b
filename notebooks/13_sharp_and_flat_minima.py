#!/usr/bin/python3
"""Writes 13_sharp_and_flat_minima.ipynb (run: /usr/bin/python3 notebooks/13_sharp_and_flat_minima.py)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from nbgen import code, md, write  # noqa: E402


md(r"""
# 13 · Sharp and flat minima

**What this notebook shows.** Keskar et al. (2017) observed that large-batch training ends in *sharper* minima than
small-batch training, and that sharper minima tend to generalise worse. Dinh et al. (2017) answered that sharpness,
as usually measured, is not a property of the function a network computes: rescaling two adjacent ReLU layers by
$c$ and $1/c$ leaves every output unchanged but makes the minimum as sharp or as flat as one likes. Kwon et al. (2021)
proposed *adaptive* sharpness, which measures each parameter's perturbation relative to the parameter itself and is
unchanged by such rescalings. We measure all of them:

* the top eigenvalue $\lambda_{\max}$ of the Hessian (Lanczos on exact Hessian-vector products) and its trace (Hutch++);
* Keskar's $\varepsilon$-sharpness, $\max_{|y_i| \le \varepsilon(1+|\theta_i|)} L(\theta+y) - L(\theta)$;
* adaptive sharpness, $\max_{\|y/|\theta|\|_2 \le \rho} L(\theta+y) - L(\theta)$;

both maxima by projected gradient ascent (a lower bound of the true maximum), on small-batch and large-batch solutions
trained from the same seeds, and then before and after a $c, 1/c$ rescaling.

**Claim:** B12 (the chapter's further reading: sharpness and generalisation).

**How long it takes:** at `ci` scale (3,000 digits of 10 x 10 pixels, a 100-32-10 ReLU network, 3 seeds) 25-50
seconds on a shared 2-core machine (peak kernel memory about 530 MB), plus the kernel's start-up (the large-batch
runs take most of it); at `full` scale (8,000 digits, 5 seeds) about 80 seconds (peak about 620 MB).

**Measured** (the checks below print their own run's numbers): the large-batch solution's top eigenvalue over the
small-batch one's, seed by seed, was 2.22, 1.90, 1.87 at `ci` and 2.38, 2.05, 2.85, 2.55, 2.28 at `full`; test
accuracy hardly differed (medians 0.931 small, 0.927 large at `ci`; 0.947 and 0.948 at `full`). Rescaling by
$c = 100$ multiplied the top eigenvalue by about 3,200 (`ci`) and 2,600 (`full`), Keskar's sharpness by about 50, and
left adaptive sharpness unchanged to $10^{-15}$.
""")

code(r"""
import org.landscape.notebook.*;
import org.landscape.display.*;
import org.landscape.data.*;
import org.landscape.model.*;
import org.landscape.train.*;
import org.landscape.hessian.*;
import org.landscape.plot.*;
import org.landscape.stats.Stats;
import org.landscape.spinglass.DescentStudy;
import tech.tablesaw.api.*;
import org.knowm.xchart.XYChart;
import java.util.*;

Notebook.setup()
""")

code(r"""
Scale scale = Notebook.scale();
int trainSize = scale.pick(3000, 8000), seeds = scale.pick(3, 5);
"scale " + scale + ": " + trainSize + " training digits, " + seeds + " seeds per batch size"
""")

md(r"""
## Small batches and large batches, the same seeds

The same network $\mathcal{A} = (100, 32, 10)$ (ReLU, cross-entropy), the same initialisations (seeds 1, 2, ...), the
same optimiser (SGD, rate 0.05, momentum 0.9). Small batches of 32 for 20 epochs; large batches of 1,000 for 600
epochs, chosen so that both end at about the same training loss (large batches take fewer steps per epoch: with as
many epochs as the small batches they would stop far from a minimum, and a sharper-or-not comparison would be
between a trained and an untrained network).
""")

code(r"""
Dataset digits = Mnist.subset().downsampled(10).dataset();
Dataset.Split split = digits.sample(trainSize + 1000, 1).split((double) trainSize / (trainSize + 1000), 2);
Dataset train = split.train(), test = split.test();
Network.Builder builder = Network.builder(Architecture.of(100, 32, 10)).activation(Activation.RELU).loss(Loss.CROSS_ENTROPY);
Ensemble.Result small = Ensemble.train("small batch", builder, Trainer.sgd(0.05).momentum(0.9).batchSize(32).epochs(20).test(test), train, seeds, 1);
Ensemble.Result large = Ensemble.train("large batch", builder, Trainer.sgd(0.05).momentum(0.9).batchSize(1000).epochs(600).test(test), train, seeds, 1);
small.table()
""")

code(r"""
large.table()
""")

md(r"""
Now the four measures at every solution. $\varepsilon = 10^{-3}$ is Keskar's box; $\rho = 0.5$ is ASAM's radius.
Hessian-vector products are exact (Pearlmutter's R-operator, `HessianVectorProduct.exact()`): differences of
gradients would straddle the kinks of the ReLU and report curvature that is not there. The `relative residual`
column, $|Hv - \lambda v| / \lambda$ of the top eigenpair, shows that each top eigenvalue is a converged one.
""")

code(r"""
Sharpness.Settings keskar = Sharpness.settings().epsilon(1e-3, Sharpness.Region.BOX).adaptive(0.5).steps(20);
Sharpness.Comparison measured = small.sharpness(keskar, test).and(large.sharpness(keskar, test));
measured
""")

code(r"""
measured.table()
""")

md(r"""
**Reading the table.** Small-batch SGD stops where its minibatch noise keeps it: its full-batch gradient $|\nabla L|$ is
an order of magnitude larger than the large-batch runs'. At Keskar's $\varepsilon = 10^{-3}$ the box's increase is then
dominated by the first-order term $\sum_i |\partial_i L|\, \varepsilon(1+|\theta_i|)$, which measures the slope, not the
curvature, and can rank the two kinds the other way. With a larger box, $\varepsilon = 2\cdot10^{-2}$, the quadratic
term takes over:
""")

code(r"""
Sharpness.Settings widerBox = Sharpness.settings().epsilon(2e-2, Sharpness.Region.BOX).adaptive(0.5).steps(20).traceProducts(0);
Sharpness.Comparison wider = small.sharpness(widerBox, test).and(large.sharpness(widerBox, test));
"epsilon-sharpness, large batch over small batch, seed by seed: at eps = 1e-3 " + DescentStudy.rounded(measured.ratios("large batch", "small batch", Sharpness.Measure.EPSILON))
    + ", at eps = 2e-2 " + DescentStudy.rounded(wider.ratios("large batch", "small batch", Sharpness.Measure.EPSILON))
""")

md(r"""
All the measures, large batch over small batch, for each seed (a ratio above 1: the large-batch solution is the
sharper one by that measure):
""")

code(r"""
measured.ratioTable("large batch", "small batch")
""")

md(r"""
### B12 · Check: large batches, sharper minima

The claim's measure is the top Hessian eigenvalue: for every seed the large-batch solution's must be larger than the
small-batch solution's, with eigenpairs that are real (relative residual below $10^{-3}$). Whether the sharper minima
also generalise worse is reported, not checked: at this size the test accuracies are close (the `test accuracy` column of the ratios).
""")

code(r"""
double[] topRatios = measured.ratios("large batch", "small batch", Sharpness.Measure.TOP_EIGENVALUE);
double worstResidual = Stats.max(measured.values(Sharpness.Measure.RESIDUAL));
Check.that("B12", "large-batch training ends at a larger top Hessian eigenvalue than small-batch training, seed by seed",
    Stats.min(topRatios) > 1 && worstResidual < 1e-3 && topRatios.length == seeds,
    String.format("top eigenvalue large/small per seed %s (median %.2f); median top eigenvalue small %.3f, large %.3f; "
        + "median train loss small %.4f, large %.4f; median test accuracy small %.4f, large %.4f; largest relative residual %.1e",
        DescentStudy.rounded(topRatios), Stats.median(topRatios),
        Stats.median(measured.values("small batch", Sharpness.Measure.TOP_EIGENVALUE)), Stats.median(measured.values("large batch", Sharpness.Measure.TOP_EIGENVALUE)),
        Stats.median(measured.values("small batch", Sharpness.Measure.TRAIN_LOSS)), Stats.median(measured.values("large batch", Sharpness.Measure.TRAIN_LOSS)),
        Stats.median(measured.values("small batch", Sharpness.Measure.TEST_ACCURACY)), Stats.median(measured.values("large batch", Sharpness.Measure.TEST_ACCURACY)),
        worstResidual))
""")

md(r"""
## The same function, any sharpness: rescaling by $c$ and $1/c$

Take the first small-batch solution and multiply the hidden layer's incoming weights and biases by $c$ and its
outgoing weights by $1/c$ (`Network.rescaleLayers`). Since $\mathrm{ReLU}(c h) = c\,\mathrm{ReLU}(h)$ for $c > 0$, the
network computes exactly the same function.
""")

code(r"""
double[] theta = small.solution(0);
double[] times10 = small.network().rescaleLayers(theta, 1, 10), times100 = small.network().rescaleLayers(theta, 1, 100);
""")

code(r"""
Network original = small.network().copy(), rescaled = small.network().copy();
original.setParameters(theta);
rescaled.setParameters(times100);
double outputGap = original.output(train.features()).sub(rescaled.output(train.features())).amaxNumber().doubleValue();
double outputScale = original.output(train.features()).amaxNumber().doubleValue();
String.format("c = 100: max |output difference| %.2e (outputs up to %.3f); |theta| = %.2f, |rescaled theta| = %.2f",
    outputGap, outputScale, org.landscape.slice.Directions.norm(theta), org.landscape.slice.Directions.norm(times100))
""")

code(r"""
Sharpness.Comparison rescaling = keskar.of("c = 1", small.network(), train, test, theta)
    .and(keskar.of("c = 10", small.network(), train, test, times10), keskar.of("c = 100", small.network(), train, test, times100));
rescaling.table()
""")

md(r"""
The same three networks, each measure relative to its value before the rescaling ($c = 1$), on logarithmic axes:
the training loss (the function) and adaptive sharpness stay at 1; the top eigenvalue and the trace grow by orders of
magnitude, towards $c^2$ for large $c$ (the block of the Hessian for the outgoing weights, now $1/c$ times as large,
scales by $c^2$: from $c = 10$ to $c = 100$ they grow about a hundredfold), and $\varepsilon$-sharpness with them.
""")

code(r"""
double[] cs = {1, 10, 100};
XYChart rescaledChart = Plots.scatter("one function, rescaled by c and 1/c", "c", "measure / measure at c = 1",
    Series.of("top eigenvalue", cs, rescaling.relativeTo("c = 1", Sharpness.Measure.TOP_EIGENVALUE)),
    Series.of("trace", cs, rescaling.relativeTo("c = 1", Sharpness.Measure.TRACE)),
    Series.of("epsilon-sharpness", cs, rescaling.relativeTo("c = 1", Sharpness.Measure.EPSILON)),
    Series.of("adaptive sharpness", cs, rescaling.relativeTo("c = 1", Sharpness.Measure.ADAPTIVE)),
    Series.of("training loss", cs, rescaling.relativeTo("c = 1", Sharpness.Measure.TRAIN_LOSS)));
rescaledChart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true).setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
rescaledChart
""")

md(r"""
### B12 · Check: sharpness without a change of function

Same outputs (to rounding); the top eigenvalue and $\varepsilon$-sharpness move by orders of magnitude; adaptive
sharpness stays put (to rounding: the adaptive region and the ascent's steps map onto each other exactly).
""")

code(r"""
double topGrowth = rescaling.values("c = 100", Sharpness.Measure.TOP_EIGENVALUE)[0] / rescaling.values("c = 1", Sharpness.Measure.TOP_EIGENVALUE)[0];
double epsGrowth = rescaling.values("c = 100", Sharpness.Measure.EPSILON)[0] / rescaling.values("c = 1", Sharpness.Measure.EPSILON)[0];
double adaptiveChange = Math.abs(rescaling.values("c = 100", Sharpness.Measure.ADAPTIVE)[0] / rescaling.values("c = 1", Sharpness.Measure.ADAPTIVE)[0] - 1);
double lossChange = Math.abs(rescaling.values("c = 100", Sharpness.Measure.TRAIN_LOSS)[0] / rescaling.values("c = 1", Sharpness.Measure.TRAIN_LOSS)[0] - 1);
Check.that("B12", "rescaling by c = 100 and 1/100 keeps the function but multiplies the top eigenvalue and epsilon-sharpness, not adaptive sharpness",
    outputGap < 1e-12 * outputScale && lossChange < 1e-12 && topGrowth > 100 && epsGrowth > 10 && adaptiveChange < 1e-9,
    String.format("outputs differ by %.1e, loss by %.1e (relative); top eigenvalue x %.0f (%.4g -> %.4g), epsilon-sharpness x %.1f, "
        + "adaptive sharpness changed by %.1e (relative)", outputGap, lossChange, topGrowth,
        rescaling.values("c = 1", Sharpness.Measure.TOP_EIGENVALUE)[0], rescaling.values("c = 100", Sharpness.Measure.TOP_EIGENVALUE)[0],
        epsGrowth, adaptiveChange))
""")

md(r"""
**Takeaway.** Large batches did end at sharper minima here (by the top eigenvalue and the trace, about twice as
sharp), though at this size not at worse test accuracy: the sharp-minima story of generalisation is not visible
here, only the sharpness. And sharpness
measured in raw parameter units is not a property of the function: the same network was made about thirty ($c = 10$)
and three thousand ($c = 100$) times "sharper" by its top eigenvalue without changing a single prediction. A measure that means something about the function,
such as adaptive sharpness, must be invariant under the network's symmetries.
""")

write(__file__)
