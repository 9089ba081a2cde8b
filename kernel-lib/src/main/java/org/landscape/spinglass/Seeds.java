package org.landscape.spinglass;

/**
 * Seeds derived from a user's seed and a few integers (a walker's number, a step, a coupling slice), so that every
 * random number has a fixed address: the same seed gives the same numbers however the work is split into batches,
 * interrupted or resumed.
 */
final class Seeds {
    private Seeds() {
    }

    /** The SplitMix64 finaliser: a bijection on longs that scrambles every bit. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A seed for the stream addressed by {@code parts} under {@code seed}. */
    static long derive(long seed, long... parts) {
        long h = mix(seed + 0x9E3779B97F4A7C15L);
        for (long p : parts) {
            h = mix(h ^ mix(p * 0xD1B54A32D192ED03L + 0x632BE59BD9B4E019L));
        }
        return h;
    }
}
