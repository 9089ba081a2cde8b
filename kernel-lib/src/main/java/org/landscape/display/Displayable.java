package org.landscape.display;

/**
 * A library result that knows how it looks in a notebook: a picture or a table plus a one-line summary.
 * Kernels show it inline; outside a kernel {@link Display#show(Object)} saves the picture and prints the summary.
 */
public interface Displayable {
    /** The one-line text summary, also the object's {@code text/plain} form. */
    String summary();

    /** The rich form (PNG or HTML) with {@link #summary()} as its text. */
    MimeBundle toMimeBundle();
}
