package org.l2o.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.l2o.api.HyperParameter;
import org.l2o.api.Optimizee;
import org.l2o.api.Optimizer;
import org.l2o.api.Plugin;
import org.l2o.cli.support.HyperParameterFlags;

class HyperParameterFlagsTest {

    private static <T extends Plugin> T plugin(Class<T> type, String name, HyperParameter<?>... hps) {
        T p = mock(type);
        when(p.name()).thenReturn(name);
        when(p.hyperParameters()).thenReturn(List.of(hps));
        return p;
    }

    private final Optimizer sgd = plugin(Optimizer.class, "sgd",
            HyperParameter.ofDouble("lr", 0.1, "learning rate"), HyperParameter.ofDouble("scale", 1, "x"));
    private final Optimizee quad = plugin(Optimizee.class, "quadratic",
            HyperParameter.ofInt("dim", 10, "dimension"), HyperParameter.ofDouble("scale", 1, "y"));

    private HyperParameterFlags flags() {
        Map<String, Plugin> roles = new LinkedHashMap<>();
        roles.put("optimizer", sgd);
        roles.put("optimizee", quad);
        return new HyperParameterFlags(roles);
    }

    @Test
    void flagsGoToThePluginThatDeclaresThem() {
        HyperParameterFlags f = flags().parse(List.of("--lr", "0.5", "--dim=3", "--optimizee.scale", "2"));
        assertEquals(0.5, f.of("optimizer").getDouble("lr"));
        assertEquals(1.0, f.of("optimizer").getDouble("scale"));
        assertEquals(3, f.of("optimizee").getInt("dim"));
        assertEquals(2.0, f.of("optimizee").getDouble("scale"));
    }

    @Test
    void unknownAndAmbiguousFlagsAreExplained() {
        assertEquals("unknown option '--momentum'; optimizer 'sgd' accepts --lr, --scale; "
                        + "optimizee 'quadratic' accepts --dim, --scale",
                assertThrows(IllegalArgumentException.class, () -> flags().parse(List.of("--momentum", "1")))
                        .getMessage());
        assertEquals("option '--scale' is a hyperparameter of several plugins (optimizer, optimizee); "
                        + "write it as --optimizer.scale=VALUE",
                assertThrows(IllegalArgumentException.class, () -> flags().parse(List.of("--scale", "1")))
                        .getMessage());
        assertEquals("option '--lr' needs a value",
                assertThrows(IllegalArgumentException.class, () -> flags().parse(List.of("--lr"))).getMessage());
        assertEquals("unexpected argument 'oops'",
                assertThrows(IllegalArgumentException.class, () -> flags().parse(List.of("oops"))).getMessage());
    }

    @Test
    void badValuesAreReportedWhenRead() {
        HyperParameterFlags f = flags().parse(List.of("--lr", "fast"));
        assertEquals("'sgd' hyperparameter 'lr': 'fast' is not a valid double",
                assertThrows(IllegalArgumentException.class, () -> f.of("optimizer")).getMessage());
    }
}
