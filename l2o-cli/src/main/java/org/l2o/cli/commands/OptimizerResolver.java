package org.l2o.cli.commands;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.l2o.api.Optimizer;
import org.l2o.api.plugin.PluginKind;
import org.l2o.cli.inject.PluginRegistry;

/**
 * Turns the value of {@code --optimizer} into an {@link Optimizer}: a registered plugin name
 * first, else a file (for example a meta-trained optimizer) that one of the {@link FileLoader}s
 * accepts. Loaders are found with {@link ServiceLoader} ({@code META-INF/services/
 * org.l2o.cli.commands.OptimizerResolver$FileLoader}), so a module that saves learned
 * optimizers adds its loader without touching the commands.
 */
public final class OptimizerResolver {

    /** Reads an optimizer from a file; the extension point for learned optimizers. */
    public interface FileLoader {

        /** What this loader reads, for error messages, e.g. {@code "L2O-DM checkpoints (.l2o)"}. */
        String description();

        /**
         * @return the optimizer in {@code file}, or empty when the file is not of this loader's format
         * @throws IOException when the file is of this format but damaged (the message names the file)
         */
        Optional<Optimizer> load(Path file) throws IOException;
    }

    private final PluginRegistry registry;
    private final List<FileLoader> loaders;

    /** With the loaders found by {@link ServiceLoader} in the context class loader. */
    public OptimizerResolver(PluginRegistry registry) {
        this(registry, discover());
    }

    public OptimizerResolver(PluginRegistry registry, List<FileLoader> loaders) {
        this.registry = registry;
        this.loaders = List.copyOf(loaders);
    }

    private static List<FileLoader> discover() {
        List<FileLoader> out = new ArrayList<>();
        ServiceLoader.load(FileLoader.class, Thread.currentThread().getContextClassLoader()).forEach(out::add);
        return out;
    }

    /**
     * Resolves a name or a path.
     *
     * @throws IllegalArgumentException for an unknown name (listing the registered ones), a
     *     path-like value that names no file, or a file that no loader reads
     */
    public Optimizer resolve(String nameOrPath) throws IOException {
        if (registry.names(PluginKind.OPTIMIZER).contains(nameOrPath)) {
            return registry.optimizer(nameOrPath);
        }
        Path file = Path.of(nameOrPath);
        boolean pathLike = nameOrPath.contains("/") || nameOrPath.contains(java.io.File.separator)
                || nameOrPath.contains(".");
        // a folder too: a meta-trained optimizer is saved as a folder
        if (Files.exists(file)) {
            for (FileLoader loader : loaders) {
                Optional<Optimizer> loaded = loader.load(file);
                if (loaded.isPresent()) {
                    return loaded.get();
                }
            }
            throw new IllegalArgumentException("--optimizer " + nameOrPath + ": " + (Files.isDirectory(file)
                    ? "the folder holds no optimizer" : "the file is not an optimizer") + " that "
                    + (loaders.isEmpty() ? "this build can read (no optimizer file loaders are installed)"
                            : "any loader reads (" + String.join(", ",
                                    loaders.stream().map(FileLoader::description).toList()) + ")")
                    + "; registered optimizers: " + String.join(", ", registry.names(PluginKind.OPTIMIZER)));
        }
        if (pathLike) {
            throw new IllegalArgumentException("--optimizer " + nameOrPath + ": no such file, and not a registered"
                    + " optimizer (" + String.join(", ", registry.names(PluginKind.OPTIMIZER)) + ")");
        }
        return registry.optimizer(nameOrPath);
    }
}
