package org.l2o.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HyperParametersTest {

    private static final List<HyperParameter<?>> DECLARED = List.of(
            HyperParameter.ofDouble("lr", 0.01, 0.0, 10.0, "learning rate"),
            HyperParameter.ofInt("steps", 5, "steps"),
            HyperParameter.ofBoolean("nesterov", false, "Nesterov momentum"),
            HyperParameter.ofDoubleList("fractions", List.of(0.0, 0.1), "schedule"));

    @Test
    void defaultsFillWhatIsNotGiven() {
        HyperParameters h = HyperParameters.parse("sgd", DECLARED, Map.of("lr", "0.5", "fractions", "0.2, 0.3,0.4"));
        assertEquals(0.5, h.getDouble("lr"));
        assertEquals(5, h.getInt("steps"));
        assertEquals(false, h.getBoolean("nesterov"));
        assertEquals(List.of(0.2, 0.3, 0.4), h.getDoubleList("fractions"));
        assertEquals("sgd{lr=0.5, steps=5, nesterov=false, fractions=0.2,0.3,0.4}", h.toString());
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HyperParameters.parse("sgd", DECLARED, Map.of("momentm", "0.9")));
        assertEquals("unknown hyperparameter 'momentm' for 'sgd'; known: lr, steps, nesterov, fractions", e.getMessage());
    }

    @Test
    void badValuesNameTheValueAndTheExpectation() {
        assertEquals("'sgd' hyperparameter 'lr': 'fast' is not a valid double",
                assertThrows(IllegalArgumentException.class,
                        () -> HyperParameters.parse("sgd", DECLARED, Map.of("lr", "fast"))).getMessage());
        assertEquals("'sgd' hyperparameter 'lr': -1.0 is out of range, expected a value in [0, 10]",
                assertThrows(IllegalArgumentException.class,
                        () -> HyperParameters.parse("sgd", DECLARED, Map.of("lr", "-1"))).getMessage());
        assertEquals("'sgd' hyperparameter 'nesterov': 'yes' is not a valid boolean",
                assertThrows(IllegalArgumentException.class,
                        () -> HyperParameters.parse("sgd", DECLARED, Map.of("nesterov", "yes"))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> HyperParameters.parse("sgd", DECLARED, Map.of("lr", "NaN")));
    }

    @Test
    void typedValuesRoundTripThroughWith() {
        HyperParameters h = HyperParameters.parse("sgd", DECLARED, Map.of());
        HyperParameters changed = h.with(DECLARED, Map.of("steps", 7, "fractions", List.of(1.0)));
        assertEquals(7, changed.getInt("steps"));
        assertEquals(List.of(1.0), changed.getDoubleList("fractions"));
        assertEquals(HyperParameters.of("sgd", DECLARED, changed.asMap()), changed);
        assertThrows(IllegalArgumentException.class, () -> h.getDouble("nope"));
    }
}
