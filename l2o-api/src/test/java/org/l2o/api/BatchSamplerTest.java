package org.l2o.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchSamplerTest {

    @Test
    void equalSeedsGiveEqualBatchesAndEachEpochVisitsEverySampleOnce() {
        BatchSampler a = new BatchSampler(10, 5, 42);
        BatchSampler b = new BatchSampler(10, 5, 42);
        Set<Integer> epoch = new HashSet<>();
        for (int i = 0; i < 2; i++) {
            int[] x = a.next();
            assertArrayEquals(x, b.next());
            Arrays.stream(x).forEach(epoch::add);
        }
        assertEquals(10, epoch.size());
        assertNotEquals(Arrays.toString(new BatchSampler(10, 5, 42).next()),
                Arrays.toString(new BatchSampler(10, 5, 43).next()));
    }

    @Test
    void rejectsBatchesLargerThanTheData() {
        assertEquals("batch size 11 must be between 1 and the number of samples 10",
                assertThrows(IllegalArgumentException.class, () -> new BatchSampler(10, 11, 1)).getMessage());
    }
}
