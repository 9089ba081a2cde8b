package org.landscape.util;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What made a saved result: its kind and an ordered list of named settings (architecture, trainer settings, a digest
 * of the data, the seed...). A file saved with one fingerprint is only used again by a job with an equal one
 * ({@link SavedFile}); when they differ, {@link #differences} says which settings, in words a user can act on.
 *
 * <p>Numbers are recorded exactly (a double as {@link Double#toString}, which round-trips); arrays by a SHA-256 digest of
 * their bits, so a fingerprint stays small whatever it describes.
 */
public final class Fingerprint {
    private final String kind;
    private final Map<String, String> settings;

    private Fingerprint(String kind, Map<String, String> settings) {
        this.kind = kind;
        this.settings = Collections.unmodifiableMap(settings);
    }

    /** Starts a fingerprint for results of this kind (e.g. "ensemble run"). */
    public static Builder of(String kind) {
        return new Builder(kind);
    }

    public String kind() {
        return kind;
    }

    /** The settings in the order they were added. */
    public Map<String, String> settings() {
        return settings;
    }

    /** One line per setting, "key = value", after a first line naming the kind: what {@link SavedFile} stores. */
    public String description() {
        StringBuilder s = new StringBuilder(kind);
        settings.forEach((k, v) -> s.append('\n').append(k).append(" = ").append(v));
        return s.toString();
    }

    /** Parses {@link #description()}; a malformed description is refused. */
    public static Fingerprint parse(String description) {
        String[] lines = description.split("\n", -1);
        Builder b = new Builder(lines[0]);
        for (int i = 1; i < lines.length; i++) {
            int eq = lines[i].indexOf(" = ");
            if (eq < 0) {
                throw new IllegalArgumentException("not a fingerprint: line " + (i + 1) + " has no ' = ': " + lines[i]);
            }
            b.put(lines[i].substring(0, eq), lines[i].substring(eq + 3));
        }
        return b.build();
    }

    /** The SHA-256 digest of the description, in hex: a short name for "this exact job". */
    public String digest() {
        return HexFormat.of().formatHex(sha256().digest(description().getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * What differs between a saved fingerprint ({@code this}) and the current job's, one entry per setting, e.g.
     * "learning rate: saved 0.1, now 0.05"; empty when they are equal.
     */
    public List<String> differences(Fingerprint now) {
        List<String> out = new ArrayList<>();
        if (!kind.equals(now.kind)) {
            out.add("kind: saved '" + kind + "', now '" + now.kind + "'");
        }
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String current = now.settings.get(e.getKey());
            if (current == null) {
                out.add(e.getKey() + ": saved " + e.getValue() + ", not set now");
            } else if (!current.equals(e.getValue())) {
                out.add(e.getKey() + ": saved " + e.getValue() + ", now " + current);
            }
        }
        for (Map.Entry<String, String> e : now.settings.entrySet()) {
            if (!settings.containsKey(e.getKey())) {
                out.add(e.getKey() + ": not saved, now " + e.getValue());
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fingerprint f && kind.equals(f.kind) && settings.equals(f.settings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, settings);
    }

    @Override
    public String toString() {
        return description();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e); // every Java SE platform must have it
        }
    }

    /**
     * The SHA-256 digest of a sequence of doubles' bits, fed in pieces: equal to {@link Builder#add(String, double[])}
     * of the whole sequence, without holding it in one array (data sets are digested row block by row block).
     */
    public static final class Digest {
        private final MessageDigest md = sha256();
        private final ByteBuffer buffer = ByteBuffer.allocate(8 * 1024);
        private long count;
        private String done;

        public Digest add(double[] values, int from, int to) {
            if (done != null) {
                throw new IllegalStateException("this digest is finished");
            }
            for (int i = from; i < to; i++) {
                if (!buffer.hasRemaining()) {
                    md.update(buffer.array(), 0, buffer.position());
                    buffer.clear();
                }
                buffer.putLong(Double.doubleToLongBits(values[i]));
            }
            count += to - from;
            return this;
        }

        /** "n doubles, sha256 <16 hex digits>". */
        @Override
        public String toString() {
            if (done == null) {
                md.update(buffer.array(), 0, buffer.position());
                done = count + " doubles, sha256 " + HexFormat.of().formatHex(md.digest()).substring(0, 16);
            }
            return done;
        }
    }

    /** Collects the settings; keys are unique and may not contain line breaks or " = ". */
    public static final class Builder {
        private final String kind;
        private final LinkedHashMap<String, String> settings = new LinkedHashMap<>();

        private Builder(String kind) {
            if (kind == null || kind.isBlank() || kind.contains("\n")) {
                throw new IllegalArgumentException("kind must be a non-empty single line, got " + kind);
            }
            this.kind = kind;
        }

        private Builder put(String key, String value) {
            if (key == null || key.isBlank() || key.contains("\n") || key.contains(" = ")) {
                throw new IllegalArgumentException("a fingerprint key must be a non-empty single line without ' = ', got '"
                        + key + "'");
            }
            if (settings.containsKey(key)) {
                throw new IllegalArgumentException("fingerprint key '" + key + "' was added twice");
            }
            settings.put(key, value == null ? "null" : value.replace("\n", "\\n"));
            return this;
        }

        public Builder add(String key, String value) {
            return put(key, value);
        }

        public Builder add(String key, long value) {
            return put(key, Long.toString(value));
        }

        public Builder add(String key, boolean value) {
            return put(key, Boolean.toString(value));
        }

        /** Exact: {@link Double#toString} round-trips, so two doubles give equal entries only when they are equal. */
        public Builder add(String key, double value) {
            return put(key, Double.toString(value));
        }

        /** The array's length and the SHA-256 digest of its bits. */
        public Builder add(String key, double[] values) {
            if (values == null) {
                return put(key, "null");
            }
            return put(key, new Digest().add(values, 0, values.length).toString());
        }

        /** The array's length and the SHA-256 digest of its bits. */
        public Builder add(String key, float[] values) {
            if (values == null) {
                return put(key, "null");
            }
            MessageDigest md = sha256();
            ByteBuffer b = ByteBuffer.allocate(4 * 1024);
            for (float v : values) {
                if (!b.hasRemaining()) {
                    md.update(b.array(), 0, b.position());
                    b.clear();
                }
                b.putInt(Float.floatToIntBits(v));
            }
            md.update(b.array(), 0, b.position());
            return put(key, values.length + " floats, sha256 " + HexFormat.of().formatHex(md.digest()).substring(0, 16));
        }

        /** A digest of doubles fed in pieces ({@link Digest}), e.g. a data set too large to copy into one array. */
        public Builder add(String key, Digest digest) {
            return put(key, digest.toString());
        }

        /** Another fingerprint's settings under a prefix ("data." ...), e.g. a dataset's own fingerprint. */
        public Builder add(String prefix, Fingerprint other) {
            put(prefix, other.kind);
            other.settings.forEach((k, v) -> put(prefix + "." + k, v));
            return this;
        }

        public Fingerprint build() {
            return new Fingerprint(kind, new LinkedHashMap<>(settings));
        }
    }
}
