package org.landscape.util;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;

/**
 * Test support: runs a {@link BlockJob} as a scheduler on other machines would, each block computed by a copy of the
 * job that went through Java serialisation (an executor's), in reverse order, the result accepted by the original.
 */
public final class Shipped {
    private Shipped() {
    }

    /** The job as an executor receives it. */
    @SuppressWarnings("unchecked")
    public static <J extends BlockJob<?>> J copy(J job) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(job);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                return (J) in.readObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every block still to do, last first, each on its own deserialised copy; then the driver's finish. */
    public static <R> R run(BlockJob<R> job) {
        for (int b = job.blocks() - 1; b >= 0; b--) {
            if (!job.isDone(b)) {
                job.accept(b, copy(job).compute(b));
            }
        }
        return job.finish();
    }
}
