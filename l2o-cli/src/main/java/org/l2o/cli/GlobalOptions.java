package org.l2o.cli;

import com.google.inject.Guice;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.l2o.cli.inject.PluginClassLoaders;
import org.l2o.cli.inject.PluginModule;
import org.l2o.cli.inject.PluginRegistry;
import org.l2o.cli.support.Progress;
import picocli.CommandLine.Option;

/** Options every subcommand takes ({@code @Mixin}); they follow the subcommand's name. */
public final class GlobalOptions {

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed for every random choice (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Folder for results (default: runs/<command>-<time>).")
    Path out;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "bar",
            converter = ProgressModeConverter.class,
            description = "bar, log or none (default: ${DEFAULT-VALUE}; a bar becomes log lines without a console).")
    Progress.Mode progress;

    @Option(names = "--plugins", paramLabel = "DIR",
            description = "Folder of third-party plugin jars (default: the folders in $L2O_PLUGINS).")
    Path plugins;

    @Option(names = {"-v", "--verbose"}, description = "Debug logging and stack traces on errors.")
    boolean verbose;

    private PluginRegistry registry;

    public long seed() {
        return seed;
    }

    public Progress.Mode progress() {
        return progress;
    }

    public boolean verbose() {
        return verbose;
    }

    /** The folder given by {@code --out}, or {@code runs/<command>-<yyyyMMdd-HHmmss>}. */
    public Path outDir(String command) {
        if (out != null) {
            return out;
        }
        return Path.of("runs", command + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    /** The plugins found on the class path and in the plugin folders, built once per command. */
    public synchronized PluginRegistry registry() {
        if (registry == null) {
            ClassLoader loader = PluginClassLoaders.create(
                    Optional.ofNullable(plugins), Optional.ofNullable(System.getenv(PluginClassLoaders.ENV)));
            registry = Guice.createInjector(PluginModule.discover(loader)).getInstance(PluginRegistry.class);
        }
        return registry;
    }

    /** Parses {@code --progress} case-insensitively with a message that lists the choices. */
    static final class ProgressModeConverter implements picocli.CommandLine.ITypeConverter<Progress.Mode> {
        @Override
        public Progress.Mode convert(String value) {
            try {
                return Progress.Mode.valueOf(value.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(
                        "'" + value + "' is not a progress mode; expected bar, log or none");
            }
        }
    }
}
