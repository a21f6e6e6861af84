package org.l2o.optimizees.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SelectionAndNormalizationTest {

    @Test
    void capsKeepAPrefixOrASeededSubset() {
        assertArrayEquals(new int[] {0, 1, 2, 3}, Selection.all().choose(4));
        assertArrayEquals(new int[] {0, 1}, new Selection(2, false, 9).choose(4));
        assertArrayEquals(new int[] {0, 1, 2}, new Selection(10, false, 9).choose(3), "a cap above the size keeps all");
        int[] a = new Selection(30, true, 1).choose(100);
        assertArrayEquals(a, new Selection(30, true, 1).choose(100));
        assertFalse(Arrays.equals(a, new Selection(30, true, 2).choose(100)));
        assertEquals(30, Arrays.stream(a).distinct().filter(i -> i >= 0 && i < 100).count());
        int[] permutation = new Selection(0, true, 3).choose(50);
        int[] sorted = permutation.clone();
        Arrays.sort(sorted);
        assertArrayEquals(Selection.all().choose(50), sorted);
        assertThrows(IllegalArgumentException.class, () -> new Selection(-1, false, 0));
    }

    @Test
    void standardizeUsesTrainStatisticsForTest() {
        // two samples of 2 channels × 2 values
        float[] train = {0, 2, 10, 10, 4, 6, 30, 30};
        float[] test = {3, 3, 20, 20};
        Normalization.STANDARDIZE.apply(train, test, 2, 2, 255);
        // channel 0: mean 3, sd sqrt(5); channel 1: mean 20, sd 10
        assertArrayEquals(new float[] {(float) (-3 / Math.sqrt(5)), (float) (-1 / Math.sqrt(5)), -1, -1,
            (float) (1 / Math.sqrt(5)), (float) (3 / Math.sqrt(5)), 1, 1}, train, 1e-6f);
        assertArrayEquals(new float[] {0, 0, 0, 0}, test, 1e-6f);
    }

    @Test
    void constantChannelIsCentredNotDividedByZero() {
        float[] train = {5, 5, 5};
        float[] test = {6};
        Normalization.STANDARDIZE.apply(train, test, 1, 1, 255);
        assertArrayEquals(new float[] {0, 0, 0}, train);
        assertArrayEquals(new float[] {1}, test);
    }

    @Test
    void unitDividesByTheMaximumAndNoneKeepsValues() {
        float[] train = {0, 51, 255};
        float[] test = {102};
        Normalization.UNIT.apply(train, test, 1, 3, 255);
        assertArrayEquals(new float[] {0, 0.2f, 1}, train, 1e-7f);
        assertArrayEquals(new float[] {0.4f}, test, 1e-7f);
        Normalization.NONE.apply(train, test, 1, 3, 255);
        assertArrayEquals(new float[] {0.4f}, test, 1e-7f);
        assertEquals(Normalization.STANDARDIZE, Normalization.parse(" Standardize", "x", Normalization.values()));
    }
}
