package org.landscape.display;

/** Where shown objects go: a kernel's display channel, or files and text lines outside a kernel. */
public interface DisplaySink {
    /** Shows {@code bundle} and returns an id for {@link #update}. */
    String display(MimeBundle bundle);

    /** Replaces what was shown under {@code id} (progress bars). */
    void update(String id, MimeBundle bundle);

    /** Whether updates replace the output in place (a notebook) rather than appending lines (a console). */
    boolean updatesInPlace();

    /** The kernel's name, or "console". */
    String name();
}
