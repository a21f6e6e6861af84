package org.l2o.api.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.api.HyperParameters;
import org.l2o.api.Optimizer;
import org.l2o.api.UpdateRule;

class PluginDiscoveryTest {

    /** Found through a services file that only this test writes. */
    public static final class GoodOptimizer implements Optimizer {
        @Override public String name() { return "good"; }
        @Override public String description() { return "loads"; }
        @Override public UpdateRule create(HyperParameters h, NDList p) { throw new UnsupportedOperationException(); }
    }

    /** Throws while being constructed. */
    public static final class BadOptimizer implements Optimizer {
        public BadOptimizer() { throw new IllegalStateException("kaput"); }
        @Override public String name() { return "bad"; }
        @Override public String description() { return "never"; }
        @Override public UpdateRule create(HyperParameters h, NDList p) { throw new UnsupportedOperationException(); }
    }

    @Test
    void aFailingProviderIsRecordedAndDoesNotStopTheOthers(@TempDir Path dir) throws Exception {
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        Files.writeString(services.resolve(Optimizer.class.getName()),
                BadOptimizer.class.getName() + "\nno.such.Provider\n" + GoodOptimizer.class.getName() + "\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            PluginDiscovery.Result r = PluginDiscovery.discover(loader);
            assertEquals(1, r.plugins().size(), r.toString());
            DiscoveredPlugin good = r.plugins().get(0);
            assertEquals("good", good.name());
            assertEquals(PluginKind.OPTIMIZER, good.kind());
            assertTrue(good.source().contains("test-classes"), good.source());
            assertEquals(2, r.failures().size(), r.failures().toString());
            assertEquals(BadOptimizer.class.getName(), r.failures().get(0).declaration());
            assertTrue(r.failures().get(0).reason().contains("kaput"));
            assertEquals("no.such.Provider", r.failures().get(1).declaration());
        }
    }
}
