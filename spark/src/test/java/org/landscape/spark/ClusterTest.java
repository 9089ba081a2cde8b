package org.landscape.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.landscape.util.BlockJob;

/**
 * Block jobs on a real standalone cluster (two workers, each its own JVM with Spark's jars only), started by
 * scripts/spark_cluster_test.sh. Further cluster tests (ensembles, plane grids, spin glasses) go here: each starts
 * with two workers ({@link #twoWorkers}), and {@link ClusterFixture#killWorker} loses one midway.
 */
class ClusterTest extends OnCluster {

    @Test
    void sameResultAsRunHere() {
        assertEquals(cluster.master(), spark.master());
        assertSame(spark, Spark.session(), "Spark.session() reads LANDSCAPE_SPARK_MASTER");
        assertTrue(spark.jars().stream().anyMatch(j -> j.contains("kernel-lib-0")), "kernel-lib shipped: " + spark.jars());
        double[] here = BlockJob.runHere(new SumJob(21, 10, 200_000));
        assertArrayEquals(here, spark.run(new SumJob(21, 10, 200_000)));
        assertTrue(spark.toString().contains("2 executors"), spark.toString());
    }

    @Test
    void aFailedTaskIsRetriedOnAnotherAttempt() throws Exception {
        Path markers = Files.createTempDirectory("landscape-cluster-markers");
        double[] here = BlockJob.runHere(new SumJob(22, 4, 1000));
        assertArrayEquals(here, spark.run(new SumJob(22, 4, 1000).failingOnce(markers)));
        try (var files = Files.list(markers)) {
            assertEquals(4, files.count());
        }
    }

    @Test
    void aLostWorkerIsReplacedByTheOtherAndTheResultIsTheSame() throws Exception {
        int blocks = 10;
        double[] here = BlockJob.runHere(new SumJob(23, blocks, 1000));
        SumJob job = new SumJob(23, blocks, 1000).slow(1500);
        double[] there = withAWorkerKilled(job);
        assertArrayEquals(here, there);
        assertEquals(blocks, job.accepted());
        assertEquals(0, job.ignored());
    }
}
