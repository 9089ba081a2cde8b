#!/usr/bin/python3
"""Writes 15_on_spark.ipynb (run: /usr/bin/python3 notebooks/15_on_spark.py)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from nbgen import code, md, write  # noqa: E402


md(r"""
# 15 · When one machine is not enough: ensembles, grids and spin-glass starts on Spark

**What this notebook shows.** At `full` scale the series' experiments take hours on two cores (notebook 11's
ensembles, notebook 09's thousands of spin-glass starts). Their units of work are independent — a block of
ensemble members, a block of grid rows, a block of spin-glass starts — so they can run on
[Apache Spark](https://spark.apache.org), which a research cluster usually has. Each of the library's long
computations can be cut into such blocks as a *job* (`trainer.job(...)`, `Slices.planeJob(...)`,
`descent.job(...)`), and `spark.run(job)` computes the blocks as Spark tasks and gives back the very result the
single-machine call gives:

* **local by default**: with no configuration Spark runs inside this kernel (`local[*]`, one task per core);
  `LANDSCAPE_SPARK_MASTER=spark://host:7077` (or `Spark.session("spark://host:7077")`) sends the tasks to a cluster,
  shipping the library's jars;
* **the same numbers**: each block is computed as the single-machine path computes it, so the results agree bit
  for bit (checked below by digests of every number) and are saved in the same files, so an interrupted run resumes
  on either path;
* **faults**: a task whose executor dies is run again by Spark; a block that comes back twice counts once.

**Checks**: the ensemble (SPARK-1), the grid (SPARK-2) and the spin-glass starts (SPARK-3) computed on Spark equal
the single-machine results bit for bit. (No claim of the chapter: they check the scheduling itself.)

**Kernel.** Spark is an optional part of the library (its runtime is about 230 MB, not in the Binder image): start
Jupyter with `bash scripts/launch.sh --spark`, which builds the `kernel-lib-spark` module and gives the kernel the
JVM flags Spark needs on Java 17.

**How long it takes:** about half a minute at `ci` scale (8 networks for 5 epochs, a 15 x 15 grid, 40 spin-glass
starts at $\Lambda = 30$, each computed on both paths: 23 s measured), about 2.5 minutes at `full` (200 networks for
100 epochs, a 101 x 101 grid, 400 starts at $\Lambda = 100$: 141 s measured), on 2 cores, plus the kernel's
start-up. Peak kernel memory measured: 971 MB at `ci`, 849 MB at `full`. The checks print both paths' times: local
Spark against the plain path.
""")

code(r"""
import org.landscape.notebook.*;
import org.landscape.data.*;
import org.landscape.model.*;
import org.landscape.train.*;
import org.landscape.slice.*;
import org.landscape.spinglass.*;
import org.landscape.spark.*;

Notebook.setup()
""")

code(r"""
Scale scale = Notebook.scale();
int networks = scale.pick(8, 200), epochs = scale.pick(5, 100), grid = scale.pick(15, 101);
int lambda = scale.pick(30, 100), starts = scale.pick(40, 400);
int networksPerBlock = scale.pick(2, 10), walkersPerBlock = scale.pick(10, 50);
"scale " + scale + ": " + networks + " networks for " + epochs + " epochs, a " + grid + " x " + grid + " grid, "
    + starts + " spin-glass starts at lambda = " + lambda
""")

md(r"""
## A Spark session, local by default

`Spark.session()` reads `LANDSCAPE_SPARK_MASTER`; unset, Spark runs in this kernel with one task per core. It shows
where its tasks run.
""")

code(r"""
Spark spark = Spark.session();
spark
""")

md(r"""
## SPARK-1 · An ensemble, member blocks as tasks

Notebook 11's setting, smaller: 100-10-10 ReLU networks on the 10 x 10 digits. `trainer.train(...)` trains them
here; `trainer.job(..., networksPerBlock)` is the same training cut into blocks of networks (2 at `ci`, 10 at `full`), one
Spark task each. Every network is
trained by one thread from start to end on either path, so the two runs must agree in every bit.
""")

code(r"""
Dataset.Split split = Mnist.subset().downsampled(10).dataset().split(2.0 / 3, 2);
Network.Builder builder = Network.builder(Architecture.of(100, 10, 10)).activation(Activation.RELU).loss(Loss.CROSS_ENTROPY).init(Network.Init.UNIT_CUBE);
EnsembleTrainer trainer = EnsembleTrainer.sgd(0.3).decay(0.98).batchSize(100).epochs(epochs).initScale(0.01).recordEvery(5).test(split.test());
EnsembleRun here = trainer.train("width 10", builder, split.train(), networks, 1);
EnsembleRun onSpark = spark.run(trainer.job("width 10", builder, split.train(), networks, 1, networksPerBlock));
onSpark
""")

code(r"""
Check.that("SPARK-1", "the ensemble trained in blocks on Spark is the single-machine ensemble, bit for bit",
    here.digest().equals(onSpark.digest()),
    "digests " + here.digest() + " (here, " + Math.round(here.seconds()) + " s) and " + onSpark.digest() + " (Spark, " + Math.round(onSpark.seconds()) + " s)")
""")

md(r"""
## SPARK-2 · A grid, blocks of rows as tasks

The loss and accuracy of the first trained network on a filter-normalised random plane: `Slices.planeWithAccuracy`
computes the grid here, `Slices.planeJob(..., 3)` in blocks of 3 rows. The evaluator's one choice that changes the
rounding (whether the first layer's products are shared between points, which depends on the memory available) is
made once, where the job is made, so executors with other heaps compute the same points.
""")

code(r"""
Network net = here.network(0);
Plane plane = Plane.random(net, 7, Directions.Normalisation.FILTER, false);
Axis a = Axis.of("alpha", -1, 1, grid), b = Axis.of("beta", -1, 1, grid);
long started = System.nanoTime();
Surface[] gridHere = Slices.planeWithAccuracy(net, split.test(), plane, a, b);
double gridHereSeconds = (System.nanoTime() - started) / 1e9;
started = System.nanoTime();
Surface[] gridOnSpark = spark.run(Slices.planeJob(net, split.test(), plane, a, b, 3));
double gridSparkSeconds = (System.nanoTime() - started) / 1e9;
gridOnSpark[0]
""")

code(r"""
Check.that("SPARK-2", "the loss and accuracy grids computed in blocks of rows on Spark are the single call's, bit for bit",
    gridHere[0].digest().equals(gridOnSpark[0].digest()) && gridHere[1].digest().equals(gridOnSpark[1].digest()),
    String.format("loss %s / %s, accuracy %s / %s; %.1f s here, %.1f s on Spark", gridHere[0].digest(), gridOnSpark[0].digest(), gridHere[1].digest(), gridOnSpark[1].digest(), gridHereSeconds, gridSparkSeconds))
""")

md(r"""
## SPARK-3 · Spin-glass starts, blocks of walkers as tasks

Notebook 09's descent from many random starts. The walkers' gradients are computed together, a batch at a time,
and a batch's make-up changes the last bits of a matrix product. So the walkers are cut into blocks (10 walkers at `ci`, 50 at
`full`) that are batched only among themselves (`walkersPerBlock`): a block then gives the same numbers wherever it runs, and
both paths below use the same blocks.
""")

code(r"""
SphericalSpinGlass glass = SphericalSpinGlass.of(lambda, 3, 1);
DescentResult descentHere = Descent.walkers(starts).walkersPerBlock(walkersPerBlock).seed(2).run(glass);
DescentResult descentOnSpark = spark.run(Descent.walkers(starts).walkersPerBlock(walkersPerBlock).seed(2).job(glass));
descentOnSpark
""")

code(r"""
Check.that("SPARK-3", "the spin-glass descents run in blocks on Spark are the single-machine ones, bit for bit",
    descentHere.digest().equals(descentOnSpark.digest()),
    "digests " + descentHere.digest() + " and " + descentOnSpark.digest() + " over " + descentHere.finished() + " walkers")
""")

md(r"""
## Pointing at a cluster

Nothing in the cells above changes. Start the kernel with the cluster's address, e.g.

```
LANDSCAPE_SPARK_MASTER=spark://head-node:7077 bash scripts/launch.sh --spark
```

or call `Spark.session("spark://head-node:7077")` (also `k8s://https://...` or `yarn`). The session ships the
library's jars with the job; the executors run the library's compiled classes (a lambda typed in a cell is refused:
a remote executor could not load its class). For the same bits as here the executors need the same kind of CPU
(the vector lanes and BLAS kernels decide the rounding), as any two machines do. The project's own test starts a
master and two workers on this machine, runs an ensemble, a grid and a descent on them, kills one worker midway,
and compares every result with the single-machine one (`scripts/spark_test.sh`).
""")

code(r"""
spark.close();
"closed: " + spark
""")

write(__file__)
