#!/usr/bin/python3
"""Writes 02_depth_width_activation.ipynb (run: /usr/bin/python3 notebooks/02_depth_width_activation.py)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from nbgen import code, md, write  # noqa: E402


md(r"""
# 02 · Depth, width and activation (Figure 12.2)

**What this notebook shows.** The book's Figure 12.2: loss landscapes of six networks, ReLU and tanh, with hidden layers
of width 1000, 20 and 10 and depth 1, 4 and 7, all with 5-dimensional input and one output, each cut through three of
its own trained solutions. The book reads off it: *wide and shallow networks have the widest minima (and with tanh
they seem to share one valley); with more depth and less width the minima get steeper and more disconnected.* We
draw the six panels and then measure both statements: the width of each basin, and the barrier on the straight
line between solutions.

**Claim:** B4 (book 12.1, Figure 12.2).

**How long it takes:** about 75 s at `ci` scale (256 samples, 25 x 25 grids; measured on a shared machine under
load, less on 2 idle cores), about 11 minutes at `full` scale (1,000 samples, longer training, 61 x 61 grids; measured under the same load); plus the kernel's
start-up.
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
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import tech.tablesaw.api.*;
import java.util.*;
import java.util.stream.*;

Notebook.setup()
""")

code(r"""
Scale scale = Notebook.scale();
int samples = scale.pick(256, 1000), epochs = scale.pick(60, 200), grid = scale.pick(25, 61), widthDirections = scale.pick(6, 20);
"scale " + scale + ": " + samples + " samples, " + epochs + " epochs, " + grid + " x " + grid + " grids"
""")

md(r"""
## B4 · Six architectures, three solutions each

The data: a teacher network with 5-dimensional Gaussian inputs and a scalar output (so an exact fit exists). For each
architecture we train three networks from different seeds (Adam, minibatches of 32) and cut the landscape through
the three solutions.
""")

code(r"""
Dataset data = Synthetic.teacher(samples, 10, 7);
Trainer trainer = Trainer.adam(0.003).batchSize(32).epochs(epochs);
int[][] shapes = {{1000, 1}, {20, 4}, {10, 7}};            // {width, hidden layers}, top to bottom as in the book
List<Ensemble.Result> networks = new ArrayList<>();        // three solutions each, seeds 100, 101, 102
for (int[] shape : shapes) for (Activation activation : List.of(Activation.RELU, Activation.TANH))
    networks.add(Ensemble.train(activation.name().toLowerCase() + ", width " + shape[0] + ", " + shape[1] + (shape[1] == 1 ? " layer" : " layers"),
        Network.builder(Architecture.uniform(5, shape[0], shape[1], 1)).activation(activation), trainer, data, 3, 100));
List<Surface> slices = networks.stream().map(r -> r.plane(grid)).toList();
double low = slices.stream().mapToDouble(Surface::min).min().getAsDouble();
// One colour scale for all six, its top at the typical panel's 90th percentile, so one steep corner does not wash out the rest.
double high = Stats.median(slices.stream().mapToDouble(s -> s.quantile(0.9)).toArray());
Figure.grid(2, IntStream.range(0, 6).mapToObj(k -> HeatmapPlot.of(slices.get(k)).title(networks.get(k).name()).logScale()
    .colourRange(low, high).levels(8).size(400, 340).marker(0, 0, "1").marker(1, 0, "2").marker(0, 1, "3").build()).toArray(Figure[]::new))
""")

md(r"""
All six panels share one colour scale (values above its top are drawn in its brightest colour). Left column ReLU, right column tanh; top to bottom: one hidden layer of 1000,
four of 20, seven of 10.

### Measuring it

* **Basin width** of each solution: along random filter-normalised directions (both ways), how far one can go before
  the loss rises by 0.05 (distances in units of the weights' own size, so different architectures compare).
* **Barrier** between solutions: the highest loss on the straight line between two solutions, above the higher end,
  averaged over the three pairs.
""")

code(r"""
Table measures = Table.create("three solutions per network",
    StringColumn.create("network", networks.stream().map(Ensemble.Result::name)),
    IntColumn.create("parameters", networks.stream().mapToInt(r -> (int) r.network().parameterCount()).toArray()),
    DoubleColumn.create("best loss", networks.stream().mapToDouble(r -> Stats.min(r.finalTrainLosses())).toArray()),
    DoubleColumn.create("worst loss", networks.stream().mapToDouble(r -> Stats.max(r.finalTrainLosses())).toArray()),
    DoubleColumn.create("basin width", networks.stream().mapToDouble(r -> r.basinWidth(widthDirections, 0.05, 2.0, 500)).toArray()),
    DoubleColumn.create("barrier", networks.stream().mapToDouble(r -> r.meanBarrier(41)).toArray()));
measures.addColumns(measures.doubleColumn("barrier").divide(measures.doubleColumn("worst loss")).setName("barrier / worst loss"));
measures
""")

code(r"""
double[] width = measures.doubleColumn("basin width").asDoubleArray(), barrier = measures.doubleColumn("barrier").asDoubleArray();
double[] depth = {1, 4, 7};   // rows 0, 2, 4 are ReLU, rows 1, 3, 5 tanh
Plots.scatter("basin width (wider = flatter minimum)", "hidden layers (width 1000, 20, 10)", "mean distance to a rise of 0.05",
    Series.of("relu", depth, new double[]{width[0], width[2], width[4]}), Series.of("tanh", depth, new double[]{width[1], width[3], width[5]}))
""")

code(r"""
XYChart barriers = Plots.scatter("barrier between solutions", "hidden layers (width 1000, 20, 10)", "mean barrier on the straight lines",
    Series.of("relu", depth, new double[]{barrier[0], barrier[2], barrier[4]}), Series.of("tanh", depth, new double[]{barrier[1], barrier[3], barrier[5]}));
barriers.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);   // the deep networks' points are at the top right
barriers
""")

md(r"""
### Check

For each activation, the wide shallow network (1000 x 1) has wider basins than the deep narrow one (10 x 7), and
the barrier between solutions grows with depth through all three rows: 1 < 4 < 7 hidden layers, for ReLU and for
tanh. The last column says what the picture can and cannot show: a barrier many times the solutions' own loss means
the solutions sit in separate valleys even where the shared colour scale draws one dark region (a barrier far below
the colour scale's range is invisible in the picture, not absent).
""")

code(r"""
boolean widthOrder = width[0] > width[4] && width[1] > width[5];
boolean barrierOrder = barrier[0] < barrier[2] && barrier[2] < barrier[4] && barrier[1] < barrier[3] && barrier[3] < barrier[5];
Check.that("B4", "wide shallow networks have wider minima, and the barrier between solutions grows with depth (1 < 4 < 7 layers) for both activations",
    widthOrder && barrierOrder,
    String.format("relu: width %.3f (1x1000) vs %.3f (7x10), barrier %.3g < %.3g < %.3g; tanh: width %.3f vs %.3f, barrier %.3g < %.3g < %.3g; "
        + "barrier / worst loss from %.3g to %.3g", width[0], width[4], barrier[0], barrier[2], barrier[4], width[1], width[5],
        barrier[1], barrier[3], barrier[5], Stats.min(measures.doubleColumn("barrier / worst loss").asDoubleArray()),
        Stats.max(measures.doubleColumn("barrier / worst loss").asDoubleArray())))
""")

write(__file__)
