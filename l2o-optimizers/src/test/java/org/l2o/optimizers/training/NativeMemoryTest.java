package org.l2o.optimizers.training;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import org.junit.jupiter.api.Test;

class NativeMemoryTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void releaseFreesTheDirectBuffersOfClosedArraysMadeFromJavaArrays() throws InterruptedException {
        assumeTrue(ResidentMemory.currentBytes().isPresent(), "needs /proc/self/status");
        float[] values = new float[(int) (MIB / Float.BYTES)];
        java.util.Arrays.fill(values, 1f);
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.create(values).close(); // loads the engine's libraries first
            NativeMemory.release();
            long start = ResidentMemory.currentBytes().getAsLong();
            // 256 arrays of 1 MiB made from Java arrays and closed at once: the tensors are gone, but
            // each went through a direct buffer that lives until a garbage collection finds it
            for (int i = 0; i < 256; i++) {
                try (NDArray a = manager.create(values)) {
                    assertTrue(a.size() == values.length);
                }
            }
            long before = ResidentMemory.currentBytes().getAsLong();
            assumeTrue(before - start > 128 * MIB, "a collection already ran during the loop: nothing left to show");
            assumeTrue(NativeMemory.canTrimHeap(), "needs glibc's malloc_trim to see freed memory leave the process");
            NativeMemory.release();
            // the collector hands the buffers to a reference-handler thread that frees them shortly after
            long after = before;
            for (int i = 0; i < 20 && before - after <= 128 * MIB; i++) {
                Thread.sleep(100);
                NativeMemory.trimHeap();
                after = ResidentMemory.currentBytes().getAsLong();
            }
            assertTrue(before - after > 128 * MIB, "expected most of the 256 MiB back: " + start / MIB + " -> "
                    + before / MIB + " -> " + after / MIB + " MiB");
        }
    }

    @Test
    void trimHeapReturnsFreedArenaPagesToTheSystem() {
        assumeTrue(NativeMemory.canTrimHeap(), "needs glibc's malloc_trim");
        assumeTrue(ResidentMemory.currentBytes().isPresent(), "needs /proc/self/status");
        int block = 64 * 1024;
        int blocks = 2048;
        // 128 MiB of small blocks come from the arena, not from mmap; the last one stays allocated,
        // so free() alone cannot shrink the arena from its top and the pages stay resident
        long[] addresses = new long[blocks];
        for (int i = 0; i < blocks; i++) {
            addresses[i] = Native.malloc(block);
            new Pointer(addresses[i]).setMemory(0, block, (byte) 1);
        }
        for (int i = 0; i < blocks - 1; i++) {
            Native.free(addresses[i]);
        }
        try {
            long before = ResidentMemory.currentBytes().getAsLong();
            assertTrue(NativeMemory.trimHeap(), "malloc_trim released nothing");
            long after = ResidentMemory.currentBytes().getAsLong();
            assertTrue(before - after > 64 * MIB,
                    "expected most of the 128 MiB freed blocks back, resident set went " + before + " -> " + after);
        } finally {
            Native.free(addresses[blocks - 1]);
        }
    }
}
