package org.landscape.adapt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.landscape.slice.Directions;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Where each parameter array of an adapted DL4J model sits in its flat parameter vector theta (DL4J's own order,
 * {@code model.params()}), by layer and kind, with the filters random directions are normalised by: one filter per
 * convolution output channel (its nIn x kH x kW weights) and per dense unit (its incoming weights); a bias or
 * batch-norm vector is one filter; running statistics are in no group (directions leave them at 0).
 */
public final class ModelLayout {
    /** What a parameter array is. */
    public enum Kind {
        /** Weights of a convolution, dense or output layer (and any other layer's arrays not named below). */
        WEIGHT,
        /** A bias vector. */
        BIAS,
        /** Batch norm's scale gamma. */
        BN_GAMMA,
        /** Batch norm's shift beta. */
        BN_BETA,
        /** Batch norm's running mean and variance (or log10 standard deviation): not trained by gradients. */
        RUNNING_STAT
    }

    /** One parameter array: its layer, DL4J key, kind, shape and positions in theta (in the array's 'c' order). */
    public static final class Block {
        public final String layer;
        public final String key;
        public final String layerType;
        public final Kind kind;
        private final long[] shape;
        private final int[] positions;
        private final int[][] filters;
        private final String filterRule;

        Block(String layer, String key, String layerType, Kind kind, long[] shape, int[] positions, int[][] filters,
              String filterRule) {
            this.layer = layer;
            this.key = key;
            this.layerType = layerType;
            this.kind = kind;
            this.shape = shape.clone();
            this.positions = positions.clone();
            this.filters = filters;
            this.filterRule = filterRule;
        }

        public long[] shape() {
            return shape.clone();
        }

        /** Positions in theta of the array's entries, in its row-major ('c') order. */
        public int[] positions() {
            return positions.clone();
        }

        public int size() {
            return positions.length;
        }

        /** The filters (positions in theta) random directions are normalised by. */
        public int[][] filters() {
            int[][] copy = new int[filters.length][];
            for (int i = 0; i < filters.length; i++) {
                copy[i] = filters[i].clone();
            }
            return copy;
        }

        public int filterCount() {
            return filters.length;
        }

        /** How the filters were cut, in words ("per output channel", "per unit", "the whole vector"). */
        public String filterRule() {
            return filterRule;
        }

        @Override
        public String toString() {
            return layer + "." + key + " " + kind + " " + Arrays.toString(shape) + " (" + filters.length + " filters: "
                    + filterRule + ")";
        }
    }

    private final List<Block> blocks;
    private final int size;

    ModelLayout(List<Block> blocks, int size) {
        this.blocks = Collections.unmodifiableList(new ArrayList<>(blocks));
        this.size = size;
    }

    public List<Block> blocks() {
        return blocks;
    }

    /** The length of theta. */
    public int size() {
        return size;
    }

    /** Number of entries of theta of this kind. */
    public int count(Kind kind) {
        int n = 0;
        for (Block b : blocks) {
            if (b.kind == kind) {
                n += b.size();
            }
        }
        return n;
    }

    /** Positions in theta of every entry of these kinds, in increasing order. */
    public int[] positions(Kind... kinds) {
        List<Kind> wanted = Arrays.asList(kinds);
        return blocks.stream().filter(b -> wanted.contains(b.kind)).flatMapToInt(b -> Arrays.stream(b.positions))
                .sorted().toArray();
    }

    /**
     * The normalisation groups of random directions: weights always, biases and batch-norm gamma and beta only
     * when {@code includeBiasesAndBatchNorm} (Li et al.'s {@code --xignore biasbn} is {@code false}); running
     * statistics never.
     */
    public List<Directions.Group> groups(boolean includeBiasesAndBatchNorm) {
        List<Directions.Group> groups = new ArrayList<>();
        for (Block b : blocks) {
            if (b.kind == Kind.RUNNING_STAT) {
                continue;
            }
            groups.add(new Directions.Group(b.layer + "." + b.key, b.filters(),
                    b.kind == Kind.WEIGHT || includeBiasesAndBatchNorm));
        }
        return groups;
    }

    /** One row per parameter array: layer, type, key, kind, shape, entries, filters and how they were cut. */
    public Table table() {
        StringColumn layer = StringColumn.create("layer"), type = StringColumn.create("type"),
                key = StringColumn.create("key"), kind = StringColumn.create("kind"), shape = StringColumn.create("shape"),
                rule = StringColumn.create("filters are");
        IntColumn entries = IntColumn.create("entries"), filters = IntColumn.create("filters"),
                first = IntColumn.create("first position");
        for (Block b : blocks) {
            layer.append(b.layer);
            type.append(b.layerType);
            key.append(b.key);
            kind.append(b.kind.name());
            shape.append(Arrays.toString(b.shape));
            entries.append(b.size());
            filters.append(b.filterCount());
            rule.append(b.filterRule);
            first.append(Arrays.stream(b.positions).min().orElse(-1));
        }
        return Table.create("parameter layout", layer, type, key, kind, shape, entries, filters, rule, first);
    }

    @Override
    public String toString() {
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            int c = count(k);
            if (c > 0) {
                counts.put(k, c);
            }
        }
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%,d parameters in %d arrays", size,
                blocks.size()));
        counts.forEach((k, c) -> text.append(String.format(Locale.ROOT, ", %,d %s", c,
                k.name().toLowerCase(Locale.ROOT).replace('_', ' '))));
        return text.toString();
    }
}
