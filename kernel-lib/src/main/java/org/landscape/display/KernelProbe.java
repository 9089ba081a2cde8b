package org.landscape.display;

/**
 * Finds the running notebook kernel. The kernel adapters implement it as a {@link java.util.ServiceLoader} service,
 * so this package (and every result that displays itself) never depends on a kernel's classes.
 */
public interface KernelProbe {
    /** The running kernel's sink with the library's renderers registered, or null when this kernel is not running. */
    DisplaySink detect();
}
