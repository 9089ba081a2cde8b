package org.landscape.spark;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.landscape.util.BlockJob;

/**
 * What every cluster test class shares: the cluster scripts/spark_cluster_test.sh started, one session on it for the
 * class, and two workers with their executors before each test (a test may kill one).
 */
@Tag("cluster")
abstract class OnCluster {
    static final ClusterFixture cluster = ClusterFixture.get();
    static Spark spark;

    @BeforeAll
    static void open() {
        cluster.ensureWorkers(2);
        spark = cluster.session();
    }

    @AfterAll
    static void close() {
        if (spark != null) {
            spark.close();
        }
    }

    @BeforeEach
    void twoWorkers() {
        cluster.ensureWorkers(2);
        ClusterFixture.awaitExecutors(spark, 2);
    }

    /**
     * Runs the job on the cluster, kills a worker (and its executor, by PID) once 2 blocks are done, checks the kill
     * came before the end and that the job then finished, and returns its result.
     */
    static <R> R withAWorkerKilled(BlockJob<R> job) throws Exception {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread run = new Thread(() -> {
            try {
                outcome.set(spark.run(job));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        run.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (done(job) < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        int doneAtKill = done(job);
        assertTrue(doneAtKill >= 2, "fewer than 2 blocks finished in 2 minutes");
        cluster.killWorker();
        run.join(TimeUnit.SECONDS.toMillis(180));
        assertFalse(run.isAlive(), "the job did not finish within 3 minutes of losing a worker");
        if (outcome.get() instanceof Throwable t) {
            throw new AssertionError("the job failed after a worker was lost", t);
        }
        assertTrue(doneAtKill < job.blocks(), "the worker was killed after the job had finished: " + doneAtKill);
        @SuppressWarnings("unchecked")
        R result = (R) outcome.get();
        return result;
    }

    static int done(BlockJob<?> job) {
        return job.blocks() - job.missing().size();
    }

}
