package org.landscape.data;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A sample S = (x_i, y_i), i = 1..m (Definition 12.2): features m x d0 and labels m x d_{L+1}, in double precision.
 * Checked on construction: a loss over an empty or non-finite sample would be meaningless.
 */
public final class Dataset implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final String name;
    private final INDArray features;
    private final INDArray labels;

    public Dataset(String name, INDArray features, INDArray labels) {
        nonNull(name, features, labels);
        if (features.rank() != 2 || labels.rank() != 2) {
            throw new IllegalArgumentException("features and labels must be matrices (one row per example), got shapes "
                    + java.util.Arrays.toString(features.shape()) + " and " + java.util.Arrays.toString(labels.shape()));
        }
        if (features.rows() == 0) {
            throw new IllegalArgumentException("dataset '" + name + "' is empty: it needs at least one example");
        }
        if (features.rows() != labels.rows()) {
            throw new IllegalArgumentException("features have " + features.rows() + " rows but labels have "
                    + labels.rows() + ": one label row per example is needed");
        }
        if (!finite(features) || !finite(labels)) {
            throw new IllegalArgumentException("dataset '" + name + "' contains NaN or infinite values");
        }
        this.name = name;
        this.features = features.castTo(DataType.DOUBLE);
        this.labels = labels.castTo(DataType.DOUBLE);
    }

    public static Dataset of(String name, double[][] features, double[][] labels) {
        nonNull(name, features, labels);
        if (features.length == 0) {
            throw new IllegalArgumentException("dataset '" + name + "' is empty: it needs at least one example");
        }
        if (features.length != labels.length) {
            throw new IllegalArgumentException("features have " + features.length + " rows but labels have "
                    + labels.length + ": one label row per example is needed");
        }
        rectangular(name, "features", features);
        rectangular(name, "labels", labels);
        return new Dataset(name, Nd4j.createFromArray(features), Nd4j.createFromArray(labels));
    }

    private static void nonNull(String name, Object features, Object labels) {
        if (features == null || labels == null) {
            throw new IllegalArgumentException("dataset '" + name + "': " + (features == null ? "features" : "labels")
                    + " is null; pass one row per example for both (labels: a target row, or a one-hot row per class)");
        }
    }

    /** ND4J would throw an unhelpful message (or build a ragged array) for a null or short row. */
    private static void rectangular(String name, String what, double[][] rows) {
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null || rows[i].length != rows[0].length || rows[i].length == 0) {
                throw new IllegalArgumentException("dataset '" + name + "': " + what + " row " + i + " has "
                        + (rows[i] == null ? "no values (null)" : rows[i].length + " values") + " but row 0 has "
                        + (rows[0] == null ? "none" : rows[0].length) + ": every row needs the same, non-zero width");
            }
        }
    }

    private static boolean finite(INDArray a) {
        return a.length() == 0 || (!a.isNaN().any() && !a.isInfinite().any());
    }

    public String name() {
        return name;
    }

    /** m, the number of examples. */
    public int size() {
        return (int) features.rows();
    }

    /** d0, the input width. */
    public int inputWidth() {
        return (int) features.columns();
    }

    /** d_{L+1}, the output width. */
    public int outputWidth() {
        return (int) labels.columns();
    }

    public INDArray features() {
        return features;
    }

    public INDArray labels() {
        return labels;
    }

    /** The examples at {@code rows}, in that order. */
    public Dataset rows(String newName, int[] rows) {
        if (rows == null || rows.length == 0) {
            throw new IllegalArgumentException("rows must name at least one example of '" + name + "' (0.." + (size() - 1) + ")");
        }
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0 || rows[i] >= size()) {
                throw new IllegalArgumentException("rows[" + i + "] = " + rows[i] + " is not an example of '" + name
                        + "': indices run from 0 to " + (size() - 1));
            }
        }
        return new Dataset(newName, features.getRows(rows), labels.getRows(rows));
    }

    /** A seeded random split: the first {@code trainFraction} of a shuffled order is the training set. */
    public Split split(double trainFraction, long seed) {
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new IllegalArgumentException("trainFraction must be in (0, 1), got " + trainFraction);
        }
        int m = size();
        int nTrain = (int) Math.round(trainFraction * m);
        if (nTrain == 0 || nTrain == m) {
            throw new IllegalArgumentException("a split of " + m + " examples at " + trainFraction
                    + " leaves one side empty: use more examples or a fraction nearer 0.5");
        }
        int[] order = shuffled(m, seed);
        return new Split(rows(name + " (train)", java.util.Arrays.copyOfRange(order, 0, nTrain)),
                rows(name + " (test)", java.util.Arrays.copyOfRange(order, nTrain, m)));
    }

    /** The first {@code count} examples of a seeded shuffle. */
    public Dataset sample(int count, long seed) {
        if (count < 1 || count > size()) {
            throw new IllegalArgumentException("count must be in 1.." + size() + ", got " + count);
        }
        return rows(name + " (" + count + " examples)", java.util.Arrays.copyOf(shuffled(size(), seed), count));
    }

    static int[] shuffled(int m, long seed) {
        int[] order = new int[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        for (int i = m - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /**
     * What identifies these data for saved results: their shape and digests of the features' and labels' bits (the
     * name is left out: renaming a set does not change what was computed from it). Digested in blocks of rows, so a
     * large set is never copied whole.
     */
    public org.landscape.util.Fingerprint fingerprint() {
        return org.landscape.util.Fingerprint.of("dataset").add("examples", size()).add("inputs", inputWidth())
                .add("outputs", outputWidth()).add("features", digest(features)).add("labels", digest(labels)).build();
    }

    private static org.landscape.util.Fingerprint.Digest digest(INDArray a) {
        org.landscape.util.Fingerprint.Digest d = new org.landscape.util.Fingerprint.Digest();
        long rows = a.rows();
        long block = Math.max(1, 65_536 / Math.max(1, a.columns()));
        for (long r = 0; r < rows; r += block) {
            double[] values = a.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(r, Math.min(rows, r + block)),
                    org.nd4j.linalg.indexing.NDArrayIndex.all()).dup('c').data().asDouble();
            d.add(values, 0, values.length);
        }
        return d;
    }

    @Override
    public String toString() {
        return name + ": " + size() + " examples, " + inputWidth() + " inputs, " + outputWidth() + " outputs";
    }

    /** Serialised as its numbers (ND4J's arrays live off the heap): a job shipped to another JVM carries its data. */
    private Object writeReplace() {
        return new Numbers(name, features.rows(), features.columns(), labels.columns(),
                features.dup('c').data().asDouble(), labels.dup('c').data().asDouble());
    }

    private void readObject(java.io.ObjectInputStream in) throws java.io.InvalidObjectException {
        throw new java.io.InvalidObjectException("a Dataset is read through its serialised numbers");
    }

    private record Numbers(String name, long rows, long inputs, long outputs, double[] features, double[] labels)
            implements java.io.Serializable {
        private Object readResolve() {
            return new Dataset(name, Nd4j.create(features, new long[]{rows, inputs}, DataType.DOUBLE),
                    Nd4j.create(labels, new long[]{rows, outputs}, DataType.DOUBLE));
        }
    }

    /** A training and a test set. */
    public static final class Split {
        private final Dataset train;
        private final Dataset test;

        Split(Dataset train, Dataset test) {
            this.train = train;
            this.test = test;
        }

        public Dataset train() {
            return train;
        }

        public Dataset test() {
            return test;
        }

        @Override
        public String toString() {
            return train + " | " + test;
        }
    }
}
