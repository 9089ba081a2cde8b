#!/usr/bin/python3
"""Writes 01_visualising_the_landscape.ipynb (run: /usr/bin/python3 notebooks/01_visualising_the_landscape.py)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from nbgen import code, md, write  # noqa: E402


md(r"""
# 01 · Visualising the landscape: which plane to look at?

**What this notebook shows.** A network's loss lives in thousands of dimensions; we can only look at 2-D sections
$(\alpha_1, \alpha_2) \mapsto L(\mu + \alpha_1\theta_1 + \alpha_2\theta_2)$ (book, eq. 12.1.1). The picture depends entirely on
the choice of $\mu, \theta_1, \theta_2$. We train one network on MNIST digits and cut its landscape three ways, as the
book describes: along **random directions** (with and without filter normalisation), along the **principal
components of the training trajectory**, and through **three trained solutions**. Then we measure why random
directions see so little of what training did.

**Claims:** B2 and B3 (book 12.1).

**How long it takes:** about 80 s at `ci` scale (3,000 digits, 31 x 31 grids; measured on a shared machine under load),
a few minutes at `full` scale (8,000 digits, 30 epochs, 61 x 61 grids; estimated); plus the kernel's start-up.
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
import java.util.stream.*;

Notebook.setup()
""")

code(r"""
Scale scale = Notebook.scale();
int trainSize = scale.pick(3000, 8000), epochs = scale.pick(8, 30), grid = scale.pick(31, 61);
"scale " + scale + ": " + trainSize + " training digits, " + epochs + " epochs, " + grid + " x " + grid + " grids"
""")

md(r"""
## Train one network and record where it goes

MNIST digits shrunk to 10 x 10 pixels (as in the paper), a network $\mathcal{A} = (100, 32, 10)$ with tanh and
cross-entropy, SGD with momentum. Every 4 steps the parameter vector is recorded: the **trajectory**.
""")

code(r"""
Dataset digits = Mnist.subset().downsampled(10).dataset();
Dataset.Split split = digits.sample(trainSize + 1000, 1).split((double) trainSize / (trainSize + 1000), 2);
Dataset train = split.train(), test = split.test();
Network.Builder builder = Network.builder(Architecture.of(100, 32, 10)).activation(Activation.TANH).loss(Loss.CROSS_ENTROPY);
Trainer trainer = Trainer.sgd(0.05).momentum(0.9).batchSize(64).epochs(epochs).recordEvery(4);

Network net = builder.seed(1).build();
TrainingRun run = trainer.seed(1).test(test).name("100-32-10 tanh on 10x10 MNIST").train(net, train);
run
""")

code(r"""
run.table()
""")

md(r"""
## B2 · Three ways to choose the plane

### 1. Random directions

$\mu$ = the trained parameters, $\theta_1, \theta_2$ Gaussian. Left: raw $N(0, I)$ directions. Right: **filter-normalised**
(each unit's incoming weights rescaled to the norm of that unit's weights in $\mu$, biases left out; Li et al. 2018),
so that a step of 1 changes every unit by about as much as its own size.
""")

code(r"""
Axis a = Axis.of("alpha1", -1, 1, grid), b = Axis.of("alpha2", -1, 1, grid);
Surface rawSlice = Slices.randomPlane(net, train, Directions.Normalisation.NONE, 10, a, b);
Surface filteredSlice = Slices.randomPlane(net, train, Directions.Normalisation.FILTER, 10, a, b);
Figure.row(
    HeatmapPlot.of(rawSlice).title("random directions, N(0, I)").logScale().marker(0, 0, "trained").build(),
    HeatmapPlot.of(filteredSlice).title("random directions, filter-normalised").logScale().marker(0, 0, "trained").build())
""")

md(r"""
Unnormalised, a step of 1 along $N(0, I)$ is huge compared with the weights ($|\theta_1| = \sqrt{n} \approx 60$) and the
minimum looks like a needle; normalised, the basin has a readable size. Either way the picture says nothing about
the path training took: project the trajectory onto the plane and it collapses to a point.
""")

code(r"""
Trajectory trajectory = run.trajectory();
trajectory.onto(filteredSlice.plane())
""")

md(r"""
### 2. Principal components of the trajectory

$\mu$ = the mean of the recorded parameters, $\theta_1, \theta_2$ = the first two principal components: the plane closest
to the whole trajectory in mean squared distance. The trajectory, projected onto it, is drawn in red.
""")

code(r"""
Surface pcaSlice = Slices.pcaPlane(net, train, trajectory.matrix(), grid);
Projection path = trajectory.onto(pcaSlice.plane());
double[] ratio = trajectory.pca(3).explainedVarianceRatio();
HeatmapPlot.of(pcaSlice).title(String.format("PCA plane: PC1 and PC2 explain %.1f%% of the trajectory's variance", 100 * (ratio[0] + ratio[1])))
    .logScale().path(path.x(), path.y(), "training").marker(path.end()[0], path.end()[1], "end").build()
""")

md(r"""
### 3. The plane through three trained solutions

Train the same architecture from two more seeds and take $\mu = \theta^{(1)}$, $\theta_1 = \theta^{(2)} - \mu$, $\theta_2 = \theta^{(3)} - \mu$.
The three solutions sit at $(0,0)$, $(1,0)$ and $(0,1)$. Left: training loss; right: test accuracy on the same plane.
""")

code(r"""
Ensemble.Result others = Ensemble.train("two more seeds", builder, trainer, train, 2, 2);
double[][] solutions = {net.parameters(), others.solution(0), others.solution(1)};
Surface threeSlice = Slices.throughThree(net, train, solutions[0], solutions[1], solutions[2], grid);
Surface threeAccuracy = Slices.throughThree(net, test, solutions[0], solutions[1], solutions[2], grid, Metric.ACCURACY);
Figure.row(
    HeatmapPlot.of(threeSlice).title("training loss through three solutions").logScale()
        .marker(0, 0, "1").marker(1, 0, "2").marker(0, 1, "3").build(),
    HeatmapPlot.of(threeAccuracy).title("test accuracy on the same plane").levels(6)
        .marker(0, 0, "1").marker(1, 0, "2").marker(0, 1, "3").build())
""")

md(r"""
### Check (B2)

The PCA plane captures most of the trajectory's variance, and the three-solution plane passes through the three
solutions: 0 and 1 are grid points of both axes, and the grid's losses at $(0,0)$, $(1,0)$, $(0,1)$ equal the trained
networks' losses (computed by DL4J, independently of the slicing code).
""")

code(r"""
double[][] corners = {{0, 0}, {1, 0}, {0, 1}};
double worst = IntStream.range(0, 3)
    .mapToDouble(k -> Math.abs(threeSlice.valueAt(corners[k][0], corners[k][1]) - net.loss(solutions[k], train))).max().getAsDouble();
Check.that("B2", "the PCA plane captures most of the trajectory's variance and the three-point plane passes through the three solutions",
    ratio[0] + ratio[1] > 0.5 && worst < 1e-10
        && threeSlice.x().index(0) >= 0 && threeSlice.x().index(1) >= 0 && threeSlice.y().index(0) >= 0 && threeSlice.y().index(1) >= 0,
    String.format("explained variance PC1 %.3f + PC2 %.3f = %.3f; max |grid - loss of solution| = %.1e",
        ratio[0], ratio[1], ratio[0] + ratio[1], worst))
""")

md(r"""
## B3 · Random directions are nearly orthogonal to the trajectory

In $n$ dimensions two independent random directions have $|\cos| \approx \sqrt{2/(\pi n)}$. The direction training
actually moved in, $u = \theta_{\text{end}} - \theta_{\text{start}}$, is no exception for a random direction, but the first
principal component of the trajectory is almost parallel to it. Raw Gaussian directions are isotropic, so their
$|\cos|$ with any fixed vector is about $\sqrt{2/(\pi n)}$ whatever training did; filter-normalised directions are
not isotropic (they are scaled like the trained weights), so for them the same size is a finding, not a given.
""")

code(r"""
double[] u = Directions.difference(trajectory.last(), trajectory.first());
int n = u.length, samples = 300;
double[] cosRaw = Directions.cosines(net, u, Directions.Normalisation.NONE, samples, 1000);
double[] cosFiltered = Directions.cosines(net, u, Directions.Normalisation.FILTER, samples, 1000);
double cosPca = Directions.absCosine(trajectory.pca(1).component(0), u);
double typical = Math.sqrt(2 / (Math.PI * n));
Plots.histogram("|cos| between directions and the training direction u", "|cos(direction, u)|", 20,
    Series.values("random N(0, I)", cosRaw), Series.values("random, filter-normalised", cosFiltered))
""")

code(r"""
double medianRaw = Stats.median(cosRaw), medianFiltered = Stats.median(cosFiltered);
double maxRandom = Math.max(Stats.max(cosRaw), Stats.max(cosFiltered));
Check.that("B3", "random directions, raw and filter-normalised, are nearly orthogonal to the trajectory (|cos| ~ 1/sqrt(n)) while the PCA direction is nearly parallel",
    medianRaw > 0.5 * typical && medianRaw < 2 * typical && medianFiltered > 0.5 * typical && medianFiltered < 2 * typical
        && maxRandom < cosPca / 10 && cosPca > 0.9,
    String.format("n = %d: median random |cos| %.4f (raw), %.4f (filter-normalised) vs sqrt(2/(pi n)) = %.4f; largest of %d random: "
        + "%.4f, %.0f times below PC1's %.3f", n, medianRaw, medianFiltered, typical, 2 * samples, maxRandom, cosPca / maxRandom, cosPca))
""")

md(r"""
**Takeaway.** Random planes show how rough the landscape is around a point, but they are blind to the directions
training used. The PCA plane shows the path; the three-solution plane shows how separate solutions relate (here the
straight lines between them climb over ridges). Notebook 02 uses three-solution planes to compare architectures.
""")

write(__file__)
