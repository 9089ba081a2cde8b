package org.landscape.adapt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.landscape.data.Dataset;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/** DL4J iterators over the library's data sets, for one's own {@code fit()}. */
public final class Iterators {
    private Iterators() {
    }

    /**
     * The examples of {@code data} in minibatches of {@code batchSize}, in an order shuffled once by {@code seed}
     * (the same order every epoch; the same seed, the same order), in the data's own precision (double).
     */
    public static DataSetIterator of(Dataset data, int batchSize, long seed) {
        if (data == null) {
            throw new IllegalArgumentException("data must not be null");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1 example, got " + batchSize);
        }
        List<DataSet> examples = new ArrayList<>(new DataSet(data.features(), data.labels()).asList());
        Collections.shuffle(examples, new Random(seed));
        return new ListDataSetIterator<>(examples, batchSize);
    }
}
