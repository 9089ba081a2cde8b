package org.landscape.spark;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Spark master URLs: which forms are accepted, and what a local one becomes (with task retries). */
final class Masters {
    /** Tries per task in this JVM: Spark's cluster default (spark.task.maxFailures), which local[N] ignores. */
    static final int LOCAL_TRIES = 4;

    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|[1-9][0-9]*)(?:,\\s*([1-9][0-9]*))?\\])?");
    private static final Pattern LOCAL_CLUSTER = Pattern.compile("local-cluster\\[[1-9][0-9]*,\\s*[1-9][0-9]*,\\s*[1-9][0-9]*\\]");
    private static final Pattern STANDALONE = Pattern.compile("spark://[^\\s:/,]+:[0-9]{1,5}(?:,[^\\s:/,]+:[0-9]{1,5})*");
    private static final Pattern K8S = Pattern.compile("k8s://(?:https?://)?[^\\s/]+(?::[0-9]{1,5})?/?");

    static final String FORMS = "local[*] (this JVM, all cores), local[N] or local[N,F] (N threads, F tries per task), "
            + "spark://host:7077 (a standalone cluster's master), k8s://https://host:port (Kubernetes; needs "
            + "spark-kubernetes_2.13 on the classpath) or yarn (needs spark-yarn_2.13 and HADOOP_CONF_DIR)";

    private Masters() {
    }

    /**
     * The master Spark is given: as written, except that a local master without a tries count gets
     * {@link #LOCAL_TRIES} (local[N] alone would fail the whole job at a block's first failure).
     */
    static String normalize(String master) {
        if (master == null || master.isBlank()) {
            throw new IllegalArgumentException("master is empty: give " + FORMS
                    + "; Spark.session() reads LANDSCAPE_SPARK_MASTER, else uses local[*]");
        }
        String m = master.strip();
        Matcher local = LOCAL.matcher(m);
        if (local.matches()) {
            String threads = local.group(1) == null ? "1" : local.group(1);
            String tries = local.group(2) == null ? Integer.toString(LOCAL_TRIES) : local.group(2);
            return "local[" + threads + "," + tries + "]";
        }
        if (LOCAL_CLUSTER.matcher(m).matches() || STANDALONE.matcher(m).matches()) {
            return m;
        }
        if (K8S.matcher(m).matches()) {
            return needs(m, "org.apache.spark.scheduler.cluster.k8s.KubernetesClusterManager", "spark-kubernetes_2.13");
        }
        if (m.equals("yarn")) {
            return needs(m, "org.apache.spark.scheduler.cluster.YarnClusterManager", "spark-yarn_2.13");
        }
        String hint = m.toLowerCase(Locale.ROOT).startsWith("spark://") ? " (a standalone master is spark://host:port, "
                + "the port is usually 7077)" : m.startsWith("mesos://") ? " (Spark 4 has no Mesos support)" : "";
        throw new IllegalArgumentException("master \"" + master + "\" is not a Spark master URL" + hint + ": give "
                + FORMS + "; or set LANDSCAPE_SPARK_MASTER and call Spark.session()");
    }

    private static String needs(String master, String managerClass, String artifact) {
        try {
            Class.forName(managerClass, false, Masters.class.getClassLoader());
            return master;
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("master \"" + master + "\" needs org.apache.spark:" + artifact
                    + " on the classpath (kernel-lib-spark carries spark-core only): add it, or use a standalone "
                    + "cluster, spark://host:7077");
        }
    }

    static boolean isLocal(String normalized) {
        return normalized.startsWith("local[");
    }
}
