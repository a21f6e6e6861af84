package org.l2o.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.api.Optimizer;
import org.l2o.api.Regularizer;
import org.l2o.cli.fixtures.ExplodingOptimizer;
import org.l2o.cli.fixtures.ImpostorRegularizer;

/** {@code l2o plugins} and third-party plugin folders, end to end through the command line. */
class PluginsCommandTest {

    private static JsonNode plugin(JsonNode root, String kind, String name) {
        for (JsonNode p : root.get("plugins")) {
            if (p.get("kind").asText().equals(kind) && p.get("name").asText().equals(name)) {
                return p;
            }
        }
        return null;
    }

    @Test
    void everyBuiltInPluginIsWiredAndListedWithItsModuleJar() throws Exception {
        CliTestSupport.Result r = CliTestSupport.run("plugins", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        String[][] expected = {
            {"optimizer", "sgd", "l2o-optimizers"}, {"optimizer", "adam", "l2o-optimizers"},
            {"optimizer", "rmsprop", "l2o-optimizers"}, {"optimizer", "adagrad", "l2o-optimizers"},
            {"optimizer", "rprop", "l2o-optimizers"},
            {"regularizer", "hessian-ev", "l2o-regularizers"}, {"regularizer", "hessian-trace", "l2o-regularizers"},
            {"regularizer", "jacobian-trace", "l2o-regularizers"}, {"regularizer", "local-entropy", "l2o-regularizers"},
            {"optimizee", "mlp-sigmoid", "l2o-optimizees"}, {"optimizee", "mlp-relu", "l2o-optimizees"},
            {"optimizee", "mlp-deeper", "l2o-optimizees"}, {"optimizee", "conv-mnist", "l2o-optimizees"},
            {"optimizee", "conv-large-mnist", "l2o-optimizees"}, {"optimizee", "conv-cifar", "l2o-optimizees"},
            {"optimizee", "conv-small", "l2o-optimizees"}, {"optimizee", "quadratic", "l2o-optimizees"},
            {"dataset", "mnist", "l2o-optimizees"}, {"dataset", "fashion-mnist", "l2o-optimizees"},
            {"dataset", "cifar10", "l2o-optimizees"}, {"dataset", "synthetic", "l2o-optimizees"},
        };
        for (String[] e : expected) {
            JsonNode p = plugin(root, e[0], e[1]);
            assertTrue(p != null, e[0] + " " + e[1] + " missing from " + r.out());
            assertTrue(p.get("source").asText().contains(e[2]), p.toString());
            assertFalse(p.get("description").asText().isBlank(), p.toString());
        }
        assertEquals(0, root.get("failures").size(), root.get("failures").toString());
    }

    @Test
    void exampleJarDroppedInAPluginFolderIsListedWithItsSource(@TempDir Path dir) throws Exception {
        Path jar = Files.copy(CliTestSupport.exampleJar(), dir.resolve("sharpness.jar"));
        CliTestSupport.Result without = CliTestSupport.run("plugins", "--json");
        assertEquals(0, without.exitCode(), without.err());
        assertTrue(plugin(new ObjectMapper().readTree(without.out()), "regularizer", "sam-sharpness") == null,
                "the example must not be on the class path by itself");

        CliTestSupport.Result with = CliTestSupport.run("plugins", "--json", "--plugins", dir.toString());
        assertEquals(0, with.exitCode(), with.err());
        JsonNode sam = plugin(new ObjectMapper().readTree(with.out()), "regularizer", "sam-sharpness");
        assertTrue(sam != null, with.out());
        assertEquals(jar.toAbsolutePath().toString(), sam.get("source").asText());
        assertEquals("rho", sam.get("hyperParameters").get(0).get("name").asText());
        assertEquals(0.05, sam.get("hyperParameters").get(0).get("default").asDouble());
    }

    @Test
    void twoPluginsWithOneNameFailNamingBoth(@TempDir Path dir) throws Exception {
        Files.copy(CliTestSupport.exampleJar(), dir.resolve("a.jar"));
        CliTestSupport.servicesJar(dir.resolve("b.jar"), Regularizer.class, ImpostorRegularizer.class.getName());
        CliTestSupport.Result r = CliTestSupport.run("plugins", "--plugins", dir.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("two regularizer plugins are named 'sam-sharpness'"), r.err());
        assertTrue(r.err().contains("a.jar") && r.err().contains(ImpostorRegularizer.class.getName()), r.err());
        assertEquals(1, r.err().lines().count(), "one line, no stack trace: " + r.err());
    }

    @Test
    void aPluginThatThrowsIsReportedByNameAndOthersStillLoad(@TempDir Path dir) throws Exception {
        CliTestSupport.servicesJar(dir.resolve("broken.jar"), Optimizer.class,
                ExplodingOptimizer.class.getName(), "com.example.DoesNotExist");
        Files.copy(CliTestSupport.exampleJar(), dir.resolve("sharpness.jar"));
        CliTestSupport.Result r = CliTestSupport.run("plugins", "--json", "--plugins", dir.toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertTrue(plugin(root, "regularizer", "sam-sharpness") != null);
        String failures = root.get("failures").toString();
        assertTrue(failures.contains(ExplodingOptimizer.class.getName()) && failures.contains("boom while loading"),
                failures);
        assertTrue(failures.contains("com.example.DoesNotExist"), failures);
    }

    @Test
    void theEnvironmentVariableIsNotNeededButABadFolderIsAnError(@TempDir Path dir) {
        CliTestSupport.Result r = CliTestSupport.run("plugins", "--plugins", dir.resolve("nope").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().startsWith("l2o: --plugins: '") && r.err().contains("is not a folder"), r.err());
    }

    @Test
    void badOptionValuesGiveOneLineAndExitCodeTwo() {
        CliTestSupport.Result r = CliTestSupport.run("plugins", "--progress", "fancy");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("'fancy' is not a progress mode; expected bar, log or none"), r.err());
        assertFalse(r.err().contains("at org."), "no stack trace without --verbose");
    }

    @Test
    void listsSamInTextModeWithItsHyperparameters(@TempDir Path dir) throws Exception {
        Files.copy(CliTestSupport.exampleJar(), dir.resolve("s.jar"));
        CliTestSupport.Result r = CliTestSupport.run("plugins", "--plugins", dir.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("REGULARIZERS") && r.out().contains("sam-sharpness") && r.out().contains("--rho"),
                r.out());
        assertTrue(Regularizer.class.isInterface());
    }
}
