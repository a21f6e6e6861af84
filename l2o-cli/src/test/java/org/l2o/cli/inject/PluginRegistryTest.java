package org.l2o.cli.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.l2o.api.Optimizer;
import org.l2o.api.Regularizer;
import org.l2o.api.plugin.DiscoveredPlugin;
import org.l2o.api.plugin.PluginDiscovery;
import org.l2o.api.plugin.PluginKind;

/** The Guice wiring of discovered plugins and its failure cases, with mocked plugins. */
class PluginRegistryTest {

    private static Optimizer optimizer(String name) {
        Optimizer o = mock(Optimizer.class);
        when(o.name()).thenReturn(name);
        return o;
    }

    private static PluginRegistry registry(DiscoveredPlugin... plugins) {
        return Guice.createInjector(new PluginModule(new PluginDiscovery.Result(List.of(plugins), List.of())))
                .getInstance(PluginRegistry.class);
    }

    @Test
    void looksUpByNameAndListsNamesSorted() {
        Optimizer b = optimizer("beta");
        Optimizer a = optimizer("alpha");
        PluginRegistry r = registry(new DiscoveredPlugin(PluginKind.OPTIMIZER, b, "b.jar"),
                new DiscoveredPlugin(PluginKind.OPTIMIZER, a, "a.jar"));
        assertSame(a, r.optimizer("alpha"));
        assertEquals(List.of("alpha", "beta"), r.names(PluginKind.OPTIMIZER));
        assertEquals(List.of(), r.names(PluginKind.REGULARIZER));
    }

    @Test
    void unknownNameListsTheAvailableOnes() {
        PluginRegistry r = registry(new DiscoveredPlugin(PluginKind.OPTIMIZER, optimizer("adam"), "x.jar"),
                new DiscoveredPlugin(PluginKind.OPTIMIZER, optimizer("sgd"), "x.jar"));
        UnknownPluginException e = assertThrows(UnknownPluginException.class, () -> r.optimizer("adamw"));
        assertEquals("unknown optimizer 'adamw'; available: adam, sgd", e.getMessage());
        assertEquals("unknown regularizer 'x'; available: none",
                assertThrows(UnknownPluginException.class, () -> r.regularizer("x")).getMessage());
    }

    @Test
    void duplicateNamesOfOneKindFailAtStartUpNamingBothSources() {
        CreationException e = assertThrows(CreationException.class, () -> registry(
                new DiscoveredPlugin(PluginKind.OPTIMIZER, optimizer("sgd"), "one.jar"),
                new DiscoveredPlugin(PluginKind.OPTIMIZER, optimizer("sgd"), "two.jar")));
        assertTrue(e.getCause() instanceof PluginConflictException, String.valueOf(e.getCause()));
        assertTrue(e.getCause().getMessage().contains("one.jar") && e.getCause().getMessage().contains("two.jar"));
    }

    @Test
    void theSameNameInTwoKindsIsAllowed() {
        Regularizer reg = mock(Regularizer.class);
        when(reg.name()).thenReturn("same");
        PluginRegistry r = registry(new DiscoveredPlugin(PluginKind.OPTIMIZER, optimizer("same"), "a.jar"),
                new DiscoveredPlugin(PluginKind.REGULARIZER, reg, "b.jar"));
        assertSame(reg, r.regularizer("same"));
    }
}
