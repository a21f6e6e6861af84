package org.l2o.optimizers.training;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frees native memory that only a garbage collection or the C allocator would give back.
 *
 * <p>Why: DJL's PyTorch engine copies every Java array it turns into a tensor (minibatches,
 * scalars) into a fresh direct {@code ByteBuffer}, whose native memory is freed only when the
 * garbage collector finds the buffer unreachable. A long run makes little Java garbage, so
 * collections are rare, and the resident set grows by hundreds of megabytes (a minibatch of
 * 128 MNIST images is 400 KB, every step) before one comes. {@link #release()} collects now.
 *
 * <p>{@link #trimHeap()} additionally hands free C-heap pages back to the system
 * ({@code malloc_trim(0)} of glibc): it lowers the resident set between epochs, but the pages are
 * faulted in again by the next epoch, so it costs time and leaves the peak unchanged. Elsewhere
 * (macOS, musl, Windows) the function does not exist and trimming does nothing.
 */
public final class NativeMemory {

    private static final Logger LOG = LoggerFactory.getLogger(NativeMemory.class);
    private static final Function MALLOC_TRIM = lookUpMallocTrim();

    private NativeMemory() {}

    /**
     * Runs a garbage collection, which frees the native memory of unreachable direct buffers.
     * Costs tens of milliseconds with a small live heap: call it between epochs, not between steps.
     */
    public static void release() {
        System.gc();
    }

    /** Whether this C library can trim its heap. */
    public static boolean canTrimHeap() {
        return MALLOC_TRIM != null;
    }

    /**
     * Releases free C-heap memory to the operating system.
     *
     * @return whether memory was released (false also where trimming is unsupported)
     */
    public static boolean trimHeap() {
        if (MALLOC_TRIM == null) {
            return false;
        }
        return MALLOC_TRIM.invokeInt(new Object[] {0L}) != 0;
    }

    private static Function lookUpMallocTrim() {
        try {
            return NativeLibrary.getInstance("c").getFunction("malloc_trim");
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            LOG.debug("malloc_trim is not available ({}); the C heap is not trimmed", e.toString());
            return null;
        }
    }
}
