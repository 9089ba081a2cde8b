#!/usr/bin/python3
"""Writes 14_your_own_network.ipynb (run: /usr/bin/python3 notebooks/14_your_own_network.py)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from nbgen import code, md, write  # noqa: E402


md(r"""
# 14 · Your own network: slices, trajectories and Hessian spectra for any DL4J model

**What this notebook shows.** Every earlier notebook used the library's own fully connected networks. Here the
network is one *you* wrote with DL4J's builder — a LeNet-style CNN with convolutions, max pooling, batch norm and a
dense layer, trained with DL4J's own `fit()` — and the library looks at it without rewriting it, as
loss-landscapes, Li et al.'s code and PyHessian do for a PyTorch model. `Dl4jModel.of(net, data)` adapts any
`MultiLayerNetwork` or `ComputationGraph`; the same `Slices` calls, the same `Surface` pictures and the same
Hessian tools then work on it:

* filter-normalised random planes (one filter per convolution channel and per dense unit), with batch norm's
  $\gamma, \beta$ and the biases left out or included (Li et al.'s `--xignore biasbn`);
* a `TrajectoryListener` that records the parameters during your `fit()`, and the PCA plane with the path drawn;
* the interpolation between two trained copies, one of them saved and loaded with DL4J's `ModelSerializer`;
* top Hessian eigenvalues (Lanczos, checked by power iteration), the trace and the spectral density, on a stated
  number of examples.

**What is evaluated.** The loss in *evaluation mode*: batch norm uses its running statistics, which are frozen
(part of $\theta$, never moved by a direction, not differentiated) and dropout is off. The model below is a
`float` model, as most are; the adapter computes in double on a copy and says so. Your model is never changed.

**Checks** (no claim of the chapter: they check the adapter itself): the adapter equals the library's fast path on a
fully connected network (ADAPT-1), the CNN's Hessian-vector products are symmetric and two eigensolvers agree on its
top eigenvalue (ADAPT-2), the model's parameters are unchanged after all the slicing (ADAPT-3).

**How long it takes:** about 2 minutes at `ci` scale (1,500 training digits, 2 epochs, 9 x 9 grids on 300 digits,
the Hessian on 64), about 35 minutes at `full` (8,000 digits, 4 epochs, 21 x 21 grids on 1,000, the Hessian on
1,000: 2,052 s measured, of which the spectral density takes 13 minutes), on 2 shared cores; plus the kernel's
start-up. Peak kernel memory measured: 966 MB at `ci`, 1,297 MB at `full`. The grid speed is measured
below.
""")

code(r"""
import org.landscape.notebook.*;
import org.landscape.display.*;
import org.landscape.data.*;
import org.landscape.model.*;
import org.landscape.adapt.*;
import org.landscape.train.*;
import org.landscape.slice.*;
import org.landscape.hessian.*;
import org.landscape.plot.*;
import org.deeplearning4j.nn.conf.*;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.*;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import java.nio.file.*;
import java.util.*;

Notebook.setup()
""")

code(r"""
Scale scale = Notebook.scale();
int trainSize = scale.pick(1500, 8000), epochs = scale.pick(2, 4), sliceSize = scale.pick(300, 1000);
int grid = scale.pick(9, 21), hessianSize = scale.pick(64, 1000);
Path saved = Path.of("saved", "14-" + scale);
"scale " + scale + ": " + trainSize + " training digits, " + epochs + " epochs, " + grid + " x " + grid + " grids on "
    + sliceSize + " digits, Hessian on " + hessianSize
""")

md(r"""
## Your network, trained your way

The shipped MNIST digits at full 28 x 28 resolution, as flat pixel rows (`InputType.convolutionalFlat` reshapes
them). A LeNet: two 5 x 5 convolutions (6 and 12 channels), each followed by batch norm, tanh and 2 x 2 average
pooling ("subsampling", as in LeCun et al. 1998), a dense layer of 32 (tanh) and a softmax output — 8,546
parameters, in `float`. Tanh and average pooling keep the loss smooth, so its Hessian exists everywhere; with ReLU
and max pooling the finite-difference products can straddle a kink (the adapter takes such networks too, but their
Hessian is only piecewise defined).
""")

code(r"""
Dataset digits = Mnist.subset().dataset();
Dataset.Split split = digits.sample(trainSize + sliceSize, 1).split((double) trainSize / (trainSize + sliceSize), 2);
Dataset train = split.train(), held = split.test();
MultiLayerConfiguration lenetConf = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT)
    .weightInit(WeightInit.XAVIER).updater(new Adam(2e-3)).list()
    .layer(new ConvolutionLayer.Builder(5, 5).nOut(6).activation(org.nd4j.linalg.activations.Activation.IDENTITY).build())
    .layer(new BatchNormalization.Builder().build())
    .layer(new ActivationLayer(org.nd4j.linalg.activations.Activation.TANH))
    .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.AVG).kernelSize(2, 2).stride(2, 2).build())
    .layer(new ConvolutionLayer.Builder(5, 5).nOut(12).activation(org.nd4j.linalg.activations.Activation.IDENTITY).build())
    .layer(new BatchNormalization.Builder().build())
    .layer(new ActivationLayer(org.nd4j.linalg.activations.Activation.TANH))
    .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.AVG).kernelSize(2, 2).stride(2, 2).build())
    .layer(new DenseLayer.Builder().nOut(32).activation(org.nd4j.linalg.activations.Activation.TANH).build())
    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10).activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build())
    .setInputType(InputType.convolutionalFlat(28, 28, 1)).build();
MultiLayerNetwork lenet = new MultiLayerNetwork(lenetConf);
lenet.init();
lenet.summary()
""")

md(r"""
Training is DL4J's own `fit()` on a `DataSetIterator`; the only addition is a listener that records the parameters
every 2 iterations (at most 200 snapshots: when full, every other one is dropped and the interval doubles, so the
memory stays bounded however long you train). A second copy starts from the same initialisation and sees the digits
in another order; it is saved with DL4J's `ModelSerializer` and loaded back, as a model trained elsewhere would be.
""")

code(r"""
TrajectoryListener recorder = new TrajectoryListener(2, 200);
lenet.addListeners(recorder);
lenet.fit(Iterators.of(train, 64, 1), epochs);
recorder.recordNow(lenet);
MultiLayerNetwork copy = new MultiLayerNetwork(lenetConf.clone());
copy.init();
copy.fit(Iterators.of(train, 64, 2), epochs);
Dl4jModel.save(copy, saved.resolve("lenet-copy.zip"));
recorder
""")

md(r"""
## The adapter

`Dl4jModel.of(net, data)` takes a snapshot of the network and the data. Its layout says what each entry of
$\theta$ (DL4J's own flat parameter vector) is, and how random directions will be normalised: per output channel
for a convolution, per unit for a dense layer, as a whole for a bias or batch-norm vector; running statistics are in
no group.
""")

code(r"""
double[] lenetBefore = lenet.params().toDoubleVector();
Dl4jModel model = Dl4jModel.of(lenet, held);
Dl4jModel second = Dl4jModel.load(saved.resolve("lenet-copy.zip"), held);
String.format("%s%nloss %.4f, accuracy %.3f on %d held-out digits; the copy: loss %.4f, accuracy %.3f", model,
    model.loss(), model.accuracy(model.parameters()), model.examples(), second.loss(), second.accuracy(second.parameters()))
""")

code(r"""
model.layout().table()
""")

md(r"""
## Filter-normalised random planes, with and without batch norm's parameters

Two Gaussian directions, each filter rescaled to the norm of the same filter in $\theta$ (Li et al. 2018). Left:
only the weights move (`--xignore biasbn`); right: biases and batch norm's $\gamma, \beta$ move too, each vector
rescaled to its own norm (Li et al. copy the parameter vector itself there; the scale is the same). Running
statistics stay where training left them in both. The grid's speed is timed on the first plane.
""")

code(r"""
Axis a = Axis.of("direction 1", -1, 1, grid), b = Axis.of("direction 2", -1, 1, grid);
long started = System.nanoTime();
Surface weightsOnly = Slices.randomPlane(model, Directions.Normalisation.FILTER, false, 11, a, b);
double pointsPerSecond = grid * grid / ((System.nanoTime() - started) / 1e9);
Surface withBatchNorm = Slices.randomPlane(model, Directions.Normalisation.FILTER, true, 11, a, b);
String.format("grid speed: %.2f points/s (%d digits per point, %,d parameters, in double)", pointsPerSecond, model.examples(), model.dimension())
""")

code(r"""
Figure.row(
    HeatmapPlot.of(weightsOnly).title("filter-normalised, weights only").logScale().marker(0, 0, "trained").build(),
    HeatmapPlot.of(withBatchNorm).title("filter-normalised, with biases and BN gamma, beta").logScale().marker(0, 0, "trained").build())
""")

md(r"""
## The PCA plane of your own training run

The plane through the mean of the recorded snapshots along their first two principal components, the path drawn
on it. (The running statistics are part of each snapshot, so they move along the plane as they moved during
training.)
""")

code(r"""
double[][] path = recorder.trajectory().matrix();
Surface pcaSlice = Slices.pcaPlane(model, path, grid);
Projection walked = pcaSlice.plane().project(path);
HeatmapPlot.of(pcaSlice).title(recorder.trajectory().size() + " snapshots of DL4J's fit(), projected").logScale()
    .path(walked.x(), walked.y(), "training").marker(walked.end()[0], walked.end()[1], "end").build()
""")

md(r"""
## Between two trained copies

The loss along $(1 - t)\,\theta_A + t\,\theta_B$ from this network ($t = 0$) to the saved copy ($t = 1$), which
started from the same point and saw the digits in another order. A bump between them is a barrier.
""")

code(r"""
Curve between = Slices.line(model, model.parameters(), second.parameters(), Axis.of("t", -0.25, 1.25, grid + 4));
between
""")

md(r"""
## Curvature, on a stated number of examples

The Hessian with respect to the trained parameters (running statistics are constants), as central differences of
the adapter's gradients in double, on a sample of the training digits. Estimates on few examples vary from sample to
sample (PyHessian's issue #5): the number of examples is printed with each result.
""")

code(r"""
Dl4jModel curvature = model.on(train.sample(hessianSize, 5));
LinearOperator hessian = curvature.hessian();
double[] u = Vectors.gaussian(hessian.dimension(), new Random(1)), v = Vectors.gaussian(hessian.dimension(), new Random(2));
double uHv = Vectors.dot(u, hessian.apply(v)), vHu = Vectors.dot(v, hessian.apply(u));
String.format("%s: u.Hv = %.10g, v.Hu = %.10g, relative asymmetry %.2e", hessian, uHv, vHu, Math.abs(uHv - vHu) / Math.abs(uHv))
""")

code(r"""
Spectrum top = curvature.topEigenvalues(2);
top
""")

md(r"""
Power iteration is the check: it needs nothing but products, but it converges at the ratio of the two top
eigenvalues of $H + sI$ (the library shifts by $s \approx |H|$ to get the algebraically largest), and a trained
classifier's Hessian has a cluster of outliers near the top (about one per class), so it needs hundreds of
products where Lanczos needs a few dozen. Its residual may stay above the tolerance while its eigenvalue has long
settled; the check compares the eigenvalues.
""")

code(r"""
Spectrum power = curvature.topEigenvalueByPowerIteration(scale.pick(400, 1000), 1e-6);
power
""")

code(r"""
Trace.Estimate trace = curvature.trace(scale.pick(8, 30), 3);
"on " + curvature.examples() + " examples: " + trace.summary()
""")

code(r"""
SpectralDensity density = curvature.spectralDensity(scale.pick(2, 4), scale.pick(20, 50), 9);
density
""")

md(r"""
## ADAPT-1 · The adapter equals the library's fast path on a fully connected network

The library's own network ($100 \to 16 \to 10$, tanh, cross-entropy, on 10 x 10 digits) *is* a DL4J
`MultiLayerNetwork`; adapted like any other, its slice, gradient and top eigenvalues must equal those of the
library's fast path (the shared-product plane evaluator, `model.Risk`, `HessianVectorProduct` on `Risk`).
""")

code(r"""
Dataset small = Mnist.subset().downsampled(10).dataset().sample(sliceSize, 8);
Network mlp = Network.builder(Architecture.of(100, 16, 10)).activation(Activation.TANH).loss(Loss.CROSS_ENTROPY).seed(3).build();
Dl4jModel mlpAdapted = Dl4jModel.of(mlp.dl4j(), small);
Plane mlpPlane = Plane.random(mlp, 5, Directions.Normalisation.FILTER, false);
Axis ma = Axis.of("a", -1, 1, 9), mb = Axis.of("b", -1, 1, 9);
double sliceDifference = Slices.plane(mlpAdapted, mlpPlane, ma, mb).maxRelativeDifference(Slices.plane(mlp, small, mlpPlane, ma, mb));
double gradientDifference = Vectors.relativeDifference(mlpAdapted.gradient(mlp.parameters()), Risk.of(mlp, small).gradient(mlp.parameters()));
double eigenDifference = Vectors.relativeDifference(mlpAdapted.topEigenvalues(3).eigenvalues(), new Lanczos().largest(HessianVectorProduct.at(mlp, small), 3).eigenvalues());
Check.that("ADAPT-1", "for a fully connected network the adapter's slice, gradient and top-3 Hessian eigenvalues equal the library's fast path to 1e-8 (relative)",
    sliceDifference < 1e-8 && gradientDifference < 1e-8 && eigenDifference < 1e-8,
    String.format("9 x 9 slice: max relative difference %.1e; gradient %.1e; top 3 eigenvalues %.1e", sliceDifference, gradientDifference, eigenDifference))
""")

md(r"""
## ADAPT-2 · The CNN's Hessian-vector products are symmetric, and two solvers agree on its top eigenvalue

A finite-difference product is only trustworthy if the operator it defines is symmetric; and two different
eigensolvers (Lanczos, and power iteration from another start) must land on the same top eigenvalue.
""")

code(r"""
double asymmetry = Math.abs(uHv - vHu) / Math.abs(uHv);
double solverGap = Math.abs(top.eigenvalue(0) - power.eigenvalue(0)) / Math.abs(top.eigenvalue(0));
Check.that("ADAPT-2", "the LeNet's Hessian-vector products are symmetric (u.Hv = v.Hu to 1e-6) and Lanczos and power iteration agree on its top eigenvalue (to 1e-4)",
    asymmetry < 1e-6 && solverGap < 1e-4,
    String.format("on %d examples: u.Hv %.8g, v.Hu %.8g (relative asymmetry %.1e); lambda_max %.6g by Lanczos (%d products), %.6g by power iteration (%d products), relative gap %.1e",
        curvature.examples(), uHv, vHu, asymmetry, top.eigenvalue(0), top.products(), power.eigenvalue(0), power.products(), solverGap))
""")

md(r"""
## ADAPT-3 · Your model is unchanged

After three planes, a line and the whole Hessian study, the network you trained holds exactly the parameters it had
before (the adapter evaluates a copy and restores even that copy after every evaluation).
""")

code(r"""
boolean untouched = Arrays.equals(lenetBefore, lenet.params().toDoubleVector());
boolean copyRestored = Arrays.equals(model.parameters(), model.copy().params().toDoubleVector());
Check.that("ADAPT-3", "the model's parameters are unchanged after slicing and the Hessian study", untouched && copyRestored,
    String.format("%,d parameters of the trained LeNet bit for bit equal to before: %s; the adapter's copy restored: %s; %d grid points and %d Hessian-vector products evaluated",
        lenetBefore.length, untouched, copyRestored, 3 * grid * grid + grid + 4, top.products() + power.products() + trace.products() + density.products()))
""")

md(r"""
**Takeaway.** Nothing here needed the library's own network class: any DL4J model, trained your way, can be cut into
planes and lines, followed along its training path and probed for curvature, with batch norm in evaluation mode.
The cost is DL4J's: each grid point is one evaluation-mode pass over the slice's digits, each Hessian-vector product
two gradients over the Hessian's examples.
""")

write(__file__)
