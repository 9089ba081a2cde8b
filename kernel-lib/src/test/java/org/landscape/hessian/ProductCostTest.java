package org.landscape.hessian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.landscape.data.Dataset;
import org.landscape.data.Synthetic;
import org.landscape.model.Activation;
import org.landscape.model.Architecture;
import org.landscape.model.Network;

class ProductCostTest {
    @Test
    void timesBothProductsForEveryNetwork() {
        Dataset data = Synthetic.teacher(200, 10, 4, 1);
        Network a = Network.builder(Architecture.of(10, 8, 1)).activation(Activation.TANH).seed(1).build();
        Network b = Network.builder(Architecture.of(10, 32, 32, 1)).activation(Activation.TANH).seed(1).build();
        ProductCost cost = ProductCost.measure(data, 5, a, b);
        assertEquals(2, cost.sizes().length);
        assertEquals(b.parameterCount(), cost.sizes()[1]);
        // No bound on the ratio itself: timings belong in benchmarks and in notebook 07's S2 check, not in a unit
        // test that a loaded machine can fail. What is tested is that a ratio was measured for every network.
        assertTrue(cost.lowestRatio() > 0 && Double.isFinite(cost.highestRatio())
                && cost.lowestRatio() <= cost.highestRatio(), cost.summary());
        assertEquals(2, cost.table().rowCount());
    }

    @Test
    void residualOfAnExactEigenpairIsZero() {
        DenseMatrix d = DenseMatrix.diagonal(1, 2, 5);
        Spectrum s = DenseEigen.all(d);
        assertEquals(0, ProductCost.relativeResidual(d, s, 2), 1e-14);
        assertTrue(ProductCost.denseEigenSeconds(50, 1) >= 0);
    }

    @Test
    void refusesTooFewRepeats() {
        Dataset data = Synthetic.teacher(20, 10, 4, 1);
        Network a = Network.builder(Architecture.of(10, 8, 1)).activation(Activation.TANH).seed(1).build();
        assertThrows(IllegalArgumentException.class, () -> ProductCost.measure(data, 2, a));
        assertThrows(IllegalArgumentException.class, () -> ProductCost.measure(data, 5));
    }
}
