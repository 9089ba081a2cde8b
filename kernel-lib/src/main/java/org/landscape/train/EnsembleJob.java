package org.landscape.train;

import java.nio.file.Path;
import java.util.Locale;
import org.landscape.data.Dataset;
import org.landscape.model.Activation;
import org.landscape.model.Architecture;
import org.landscape.model.Loss;
import org.landscape.model.Network;
import org.landscape.util.BlockJob;
import org.landscape.util.Fingerprint;

/**
 * An ensemble's training cut into blocks of networks ({@link EnsembleTrainer#job}): block b is networks
 * {@code b * perBlock} up to the next block, trained on whatever machine computes it from the state they had when the
 * job was made (their initialisation, or where a saved run left them). The driver keeps the whole ensemble's state,
 * puts each finished block into it, and saves it to the trainer's directory in {@link EnsembleTrainer#train}'s format
 * as blocks arrive (at most every {@code saveEvery} seconds, and at the end), so an interrupted run resumes from the
 * finished blocks on either path.
 */
public final class EnsembleJob implements BlockJob<EnsembleRun> {
    private static final long serialVersionUID = 1L;

    // what an executor needs: the settings that shape the numbers, the data, each block's starting state
    private final String name;
    private final double learningRate, momentum, decay;
    private final int epochs, batch, perBlock, networks;
    private final EnsembleTrainer.Precision precision;
    private final int[] recorded;
    private final String architecture;
    private final Activation activation;
    private final Loss loss;
    private final boolean biases;
    private final Network.Init init;
    private final long firstSeed;
    private final Dataset train, test;
    private final byte[][] starts;

    // the driver's side
    private final transient EnsembleState state;
    private final transient Path file;
    private final transient Fingerprint fingerprint;
    private final transient String settings;
    private final transient int resumedEpochs;
    private final transient double saveEvery;
    private final transient long started = System.nanoTime();
    private transient long lastSave = System.nanoTime();

    EnsembleJob(String name, EnsembleTrainer trainer, Network template, Network.Init init, Dataset train, Dataset test,
                EnsembleState state, int batch, int perBlock, Path file, Fingerprint fingerprint, String settings,
                int resumedEpochs) {
        this.name = name;
        this.learningRate = trainer.learningRate();
        this.momentum = trainer.momentumValue();
        this.decay = trainer.decayValue();
        this.epochs = trainer.epochs();
        this.batch = batch;
        this.perBlock = perBlock;
        this.networks = state.networks();
        this.precision = state.single ? EnsembleTrainer.Precision.FLOAT : EnsembleTrainer.Precision.DOUBLE;
        this.recorded = state.recorded.clone();
        this.architecture = template.architecture().toString();
        this.activation = template.activation();
        this.loss = template.lossKind();
        this.biases = template.hasBiases();
        this.init = init;
        this.firstSeed = state.firstSeed;
        this.train = train;
        this.test = test;
        this.state = state;
        this.file = file;
        this.fingerprint = fingerprint;
        this.settings = settings;
        this.resumedEpochs = resumedEpochs;
        this.saveEvery = trainer.saveEveryValue();
        int blocks = (networks + perBlock - 1) / perBlock;
        this.starts = new byte[blocks][];
        for (int b = 0; b < blocks; b++) {
            starts[b] = complete(b) ? null : state.members(from(b), to(b)); // a finished block ships nothing
        }
    }

    private int from(int block) {
        return block * perBlock;
    }

    private int to(int block) {
        return Math.min(networks, (block + 1) * perBlock);
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "ensemble %s: %d networks in %d blocks", name, networks, blocks());
    }

    @Override
    public int blocks() {
        return starts.length;
    }

    @Override
    public synchronized boolean isDone(int block) {
        BlockJob.requireDriver(state != null, "isDone", "EnsembleTrainer.job");
        return complete(BlockJob.checkBlock(block, starts.length));
    }

    /** Whether every network of the block has nothing left to train (the driver's state says it). */
    private boolean complete(int block) {
        for (int k = from(block); k < to(block); k++) {
            if (!state.complete(k, epochs)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public byte[] compute(int block) {
        BlockJob.checkBlock(block, starts.length);
        if (starts[block] == null) {
            throw new IllegalStateException("block " + block + " of " + describe() + " was already finished when the "
                    + "job was made: nothing to compute");
        }
        Network template = Network.builder(Architecture.parse(architecture)).activation(activation).loss(loss)
                .biases(biases).init(init).build();
        EnsembleState s = new EnsembleState(template, train, test, to(block) - from(block), firstSeed + from(block),
                precision, momentum > 0, batch, recorded);
        s.setMembers(0, starts[block]);
        EnsembleTrainer.forBlock(learningRate, momentum, decay, epochs).trainBlock(name + " block " + block, s);
        return s.members(0, s.networks());
    }

    @Override
    public synchronized boolean accept(int block, byte[] result) {
        BlockJob.requireDriver(state != null, "accept", "EnsembleTrainer.job");
        if (complete(BlockJob.checkBlock(block, starts.length))) {
            return false;
        }
        state.setMembers(from(block), result);
        for (int k = from(block); k < to(block); k++) {
            if (!state.complete(k, epochs)) {
                throw new IllegalStateException("block " + block + " came back with network " + k + " at epoch "
                        + state.epochsDone[k] + " of " + epochs + ": a block's task must train it to the end");
            }
        }
        boolean all = missing().isEmpty();
        if (file != null && (all || (System.nanoTime() - lastSave) / 1e9 >= saveEvery)) {
            EnsembleTrainer.saveState(file, fingerprint, state);
            lastSave = System.nanoTime();
        }
        return true;
    }

    @Override
    public synchronized EnsembleRun finish() {
        BlockJob.requireDriver(state != null, "finish", "EnsembleTrainer.job");
        requireAllDone();
        if (file != null) {
            EnsembleTrainer.saveState(file, fingerprint, state);
        }
        return new EnsembleRun(name, state, settings, (System.nanoTime() - started) / 1e9, resumedEpochs);
    }




    @Override
    public String toString() {
        return describe();
    }
}
