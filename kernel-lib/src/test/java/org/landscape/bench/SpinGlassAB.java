package org.landscape.bench;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Times the spin-glass descent step of two builds of the library in one JVM, alternating step by step, so that the
 * load of a shared machine falls on both alike (separate runs minutes apart do not compare on a busy machine).
 * The other build's classes ({@code org.landscape.*}) come from its own class loader; ND4J and the rest are shared.
 *
 * <pre>  java ... org.landscape.bench.SpinGlassAB other=OTHER/kernel-lib/target/classes [lambda=500] [walkers=1000] [rounds=8]</pre>
 */
public final class SpinGlassAB {
    private SpinGlassAB() {
    }

    /** Loads org.landscape.* from its own URLs first; everything else from the parent. */
    static final class ChildFirst extends URLClassLoader {
        ChildFirst(URL[] urls, ClassLoader parent) {
            super(urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("org.landscape.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    c = findClass(name);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }

    /** One build's glass, points and step, through reflection. */
    static final class Build {
        final String name;
        final Object glass;
        final double[][] points;
        final Method step;
        final double eta;

        Build(String name, ClassLoader loader, int lambda, int walkers) throws Exception {
            this.name = name;
            Class<?> g = loader.loadClass("org.landscape.spinglass.SphericalSpinGlass");
            Class<?> d = loader.loadClass("org.landscape.spinglass.Descent");
            glass = g.getMethod("of", int.class, long.class).invoke(null, lambda, 1L);
            Method random = g.getMethod("randomPoint", long.class);
            points = new double[walkers][];
            for (int k = 0; k < walkers; k++) {
                points[k] = (double[]) random.invoke(glass, (long) k);
            }
            eta = (double) d.getMethod("defaultStepSize", int.class).invoke(null, 3);
            step = d.getMethod("step", g, double[][].class, double.class);
        }

        double time() throws Exception {
            long s = System.nanoTime();
            step.invoke(null, glass, points, eta);
            return (System.nanoTime() - s) / 1e9;
        }
    }

    public static void main(String[] args) throws Exception {
        String other = null;
        int lambda = 500, walkers = 1000, rounds = 8;
        for (String a : args) {
            String[] kv = a.split("=", 2);
            switch (kv[0]) {
                case "other": other = kv[1]; break;
                case "lambda": lambda = Integer.parseInt(kv[1]); break;
                case "walkers": walkers = Integer.parseInt(kv[1]); break;
                case "rounds": rounds = Integer.parseInt(kv[1]); break;
                default: throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        if (other == null) {
            throw new IllegalArgumentException("other=DIR (the other build's kernel-lib/target/classes) is required");
        }
        ClassLoader otherLoader = new ChildFirst(new URL[]{Path.of(other).toUri().toURL()}, SpinGlassAB.class.getClassLoader());
        Build a = new Build("this", SpinGlassAB.class.getClassLoader(), lambda, walkers);
        Build b = new Build("other", otherLoader, lambda, walkers);
        if (a.glass.getClass() == b.glass.getClass()) {
            throw new IllegalStateException("both builds resolved to the same classes");
        }
        a.time();
        b.time(); // warm-up
        double[] ta = new double[rounds], tb = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            // alternate which goes first, so neither always follows the other
            if (r % 2 == 0) {
                ta[r] = a.time();
                tb[r] = b.time();
            } else {
                tb[r] = b.time();
                ta[r] = a.time();
            }
            System.out.printf(Locale.ROOT, "round %d: this %.3f s, other %.3f s, this/other %.3f%n", r, ta[r], tb[r], ta[r] / tb[r]);
        }
        double[] ratio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            ratio[r] = ta[r] / tb[r];
        }
        Arrays.sort(ta);
        Arrays.sort(tb);
        Arrays.sort(ratio);
        System.out.printf(Locale.ROOT, "lambda=%d walkers=%d: median step this %.3f s, other %.3f s; median ratio this/other %.3f "
                + "(range %.3f-%.3f over %d rounds)%n", lambda, walkers, ta[rounds / 2], tb[rounds / 2], ratio[rounds / 2],
                ratio[0], ratio[rounds - 1], rounds);
        ((AutoCloseable) a.glass).close();
        ((AutoCloseable) b.glass).close();
    }
}
