package org.landscape.spinglass;

import java.util.Locale;
import org.landscape.util.BlockJob;
import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A {@link Descent}'s walkers as blocks ({@link Descent#walkersPerBlock}, {@link Descent#job}): block k is walkers
 * {@code k * walkersPerBlock} up to the next block, computed wherever the scheduler sends it on the same glass, made
 * again there from its size, order and seed (once per JVM). The driver's descent takes each finished block as if it
 * had run it, and saves it to its {@link Descent#saveTo} file (at most every 30 seconds, and at the end), so the
 * descent resumes on either path; indices ({@link Descent#computeIndices}) are computed afterwards, where the result
 * is.
 *
 * <p>The batched gradients are BLAS matrix products, whose last bits depend on how many threads BLAS splits them
 * over (measured: 96 walkers in blocks of 8 at Lambda = 40 end at other bits with 1 thread than with 2). Spark gives an executor's BLAS one thread
 * per task slot ({@code OMP_NUM_THREADS}), so a block is computed with the driver's BLAS thread count, which the job
 * carries: the executors then give the driver's bits.
 */
public final class DescentJob implements BlockJob<DescentResult> {
    private static final long serialVersionUID = 1L;
    private static final Object GLASS_LOCK = new Object();
    private static SphericalSpinGlass glass; // an executor's last glass: its blocks share it

    private final Descent.Settings settings;
    private final int lambda, order;
    private final long glassSeed;
    private final int blasThreads = Nd4j.factory().blas().getMaxThreads(); // the driver's

    private final transient Descent descent;
    private final transient long started = System.nanoTime();
    private transient long lastSave = System.nanoTime();

    DescentJob(Descent descent, SphericalSpinGlass driversGlass) {
        this.settings = descent.settings();
        this.lambda = descent.lambda();
        this.order = descent.order();
        this.glassSeed = descent.glassSeed();
        this.descent = descent;
        synchronized (GLASS_LOCK) { // in local mode the executors are this JVM: they use this glass, not a copy
            glass = driversGlass;
        }
    }

    private int from(int block) {
        return block * per();
    }

    private int to(int block) {
        return Math.min(settings.walkers(), (block + 1) * per());
    }

    private int per() {
        return settings.walkersPerBlock() == 0 ? settings.walkers() : Math.min(settings.walkersPerBlock(),
                settings.walkers());
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "descent, lambda=%d: %d walkers in %d blocks", lambda, settings.walkers(),
                blocks());
    }

    @Override
    public int blocks() {
        return (settings.walkers() + per() - 1) / per();
    }

    @Override
    public synchronized boolean isDone(int block) {
        BlockJob.requireDriver(descent != null, "isDone", "Descent.job");
        BlockJob.checkBlock(block, blocks());
        return descent.finished(from(block), to(block));
    }

    @Override
    public byte[] compute(int block) {
        BlockJob.checkBlock(block, blocks());
        SphericalSpinGlass g;
        synchronized (GLASS_LOCK) {
            if (glass == null || glass.isClosed() || glass.size() != lambda || glass.order() != order || glass.seed() != glassSeed) {
                glass = SphericalSpinGlass.of(lambda, order, glassSeed);
            }
            g = glass;
        }
        Blas blas = Nd4j.factory().blas();
        if (blas.getMaxThreads() != blasThreads) { // process-wide: every block in this executor wants the same
            blas.setMaxThreads(blasThreads);
        }
        return settings.descent().runBlock(g, from(block), to(block));
    }

    @Override
    public synchronized boolean accept(int block, byte[] result) {
        BlockJob.requireDriver(descent != null, "accept", "Descent.job");
        BlockJob.checkBlock(block, blocks());
        boolean save = (System.nanoTime() - lastSave) / 1e9 >= Descent.SAVE_SECONDS;
        boolean accepted = descent.acceptBlock(from(block), to(block), result, save);
        if (save && accepted) {
            lastSave = System.nanoTime();
        }
        return accepted;
    }

    @Override
    public synchronized DescentResult finish() {
        BlockJob.requireDriver(descent != null, "finish", "Descent.job");
        requireAllDone();
        descent.finishBlocks((System.nanoTime() - started) / 1e9);
        return descent.result();
    }

    /** Saves the finished blocks (with a save file); the descent itself keeps them for its next run either way. */
    @Override
    public synchronized void interrupted() {
        BlockJob.requireDriver(descent != null, "interrupted", "Descent.job");
        descent.finishBlocks(0);
    }



    @Override
    public String toString() {
        return describe();
    }
}
