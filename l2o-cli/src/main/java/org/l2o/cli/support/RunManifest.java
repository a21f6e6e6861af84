package org.l2o.cli.support;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.l2o.api.HyperParameters;
import org.l2o.optimizers.learned.VectorKernels;

/**
 * The immutable record of one run, written as {@code manifest.json} beside its results: the
 * command and its arguments, the plugins with all their hyperparameters, the seeds, library
 * versions, the git commit and how learned optimizers compute their steps (fused CPU kernel or
 * PyTorch ops), so that the run can be repeated.
 */
public final class RunManifest {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Map<String, Object> fields = new LinkedHashMap<>();
    private final Map<String, Object> plugins = new LinkedHashMap<>();

    /**
     * @param command the subcommand, e.g. {@code "train"}
     * @param arguments the command line as given
     */
    public RunManifest(String command, List<String> arguments) {
        fields.put("command", command);
        fields.put("arguments", List.copyOf(arguments));
        fields.put("created", Instant.now().toString());
        fields.put("plugins", plugins);
    }

    /** Records the plugin used in {@code role} with all its hyperparameter values. */
    public RunManifest plugin(String role, HyperParameters values) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", values.owner());
        entry.put("hyperParameters", values.asMap());
        plugins.put(role, entry);
        return this;
    }

    /** Records any other setting (seeds, steps, batch size...). */
    public RunManifest put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    /** Writes {@code manifest.json} into {@code dir} atomically (write then rename). */
    public Path write(Path dir) throws IOException {
        Map<String, Object> all = new LinkedHashMap<>(fields);
        all.put("versions", versions());
        all.put("gitCommit", Provenance.gitCommit());
        // how learned optimizers compute their meta-test steps here (-Dl2o.kernel; README, Speed)
        all.put("learnedOptimizerKernel", VectorKernels.enabled() ? "vector" : "torch");
        Files.createDirectories(dir);
        Path target = dir.resolve("manifest.json");
        Path tmp = dir.resolve("manifest.json.tmp");
        JSON.writeValue(tmp.toFile(), all);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    /** Library versions: l2o, DJL, the engine, Java and the OS. */
    public static Map<String, String> versions() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("l2o", Provenance.l2oVersion());
        Engine engine = Engine.getInstance();
        v.put("djl", Engine.getDjlVersion());
        v.put("engine", engine.getEngineName() + " " + engine.getVersion());
        v.put("java", System.getProperty("java.version"));
        v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        return v;
    }
}
