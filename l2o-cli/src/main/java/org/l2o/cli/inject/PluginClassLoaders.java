package org.l2o.cli.inject;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The class loader that sees third-party plugin jars: every {@code *.jar} in the folders named
 * by {@code --plugins} or, when that is absent, by the environment variable {@code L2O_PLUGINS}
 * (folders separated by the platform's path separator), on top of the application class path.
 */
public final class PluginClassLoaders {

    /** The environment variable that names plugin folders. */
    public static final String ENV = "L2O_PLUGINS";

    private PluginClassLoaders() {}

    /**
     * @param flag the value of {@code --plugins}, if given
     * @param env the value of {@code L2O_PLUGINS}, if set
     * @throws IllegalArgumentException when a named folder does not exist or is not a folder
     */
    public static ClassLoader create(Optional<Path> flag, Optional<String> env) {
        List<Path> folders = new ArrayList<>();
        String origin;
        if (flag.isPresent()) {
            folders.add(flag.get());
            origin = "--plugins";
        } else if (env.isPresent() && !env.get().isBlank()) {
            for (String part : env.get().split(File.pathSeparator)) {
                if (!part.isBlank()) {
                    folders.add(Path.of(part));
                }
            }
            origin = ENV;
        } else {
            return PluginClassLoaders.class.getClassLoader();
        }
        List<URL> jars = new ArrayList<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                throw new IllegalArgumentException(origin + ": '" + folder + "' is not a folder of plugin jars");
            }
            jars.addAll(jarsIn(folder));
        }
        return new URLClassLoader(jars.toArray(URL[]::new), PluginClassLoaders.class.getClassLoader());
    }

    private static List<URL> jarsIn(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .map(PluginClassLoaders::toUrl)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list plugin folder " + folder, e);
        }
    }

    private static URL toUrl(Path p) {
        try {
            return p.toAbsolutePath().toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("bad plugin jar path " + p, e);
        }
    }
}
