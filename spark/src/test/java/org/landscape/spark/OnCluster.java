package org.landscape.spark;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;

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
}
