package org.l2o.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** Runs the command line in-process and builds plugin jars for tests. */
public final class CliTestSupport {

    /** What one run printed and returned. */
    public record Result(int exitCode, String out, String err) {}

    private CliTestSupport() {}

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = L2oCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    /**
     * The example plugin jar built by the reactor before this module ({@code mvn verify} packages
     * it); fails the test with a clear message when it has not been built.
     */
    public static Path exampleJar() throws IOException {
        Path target = Path.of("..", "examples", "sharpness-regularizer", "target");
        if (Files.isDirectory(target)) {
            try (Stream<Path> files = Files.list(target)) {
                var jar = files.filter(p -> p.getFileName().toString().matches("l2o-example-sharpness-regularizer-.*\\.jar")
                        && !p.getFileName().toString().contains("tests")).findFirst();
                if (jar.isPresent()) {
                    return jar.get();
                }
            }
        }
        throw new AssertionError("the example plugin jar is missing under " + target.toAbsolutePath()
                + "; build it first: mvn -pl examples/sharpness-regularizer -am package");
    }

    /** A jar with only a services file that declares {@code providers} for {@code service}. */
    public static Path servicesJar(Path jar, Class<?> service, String... providers) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("META-INF/services/" + service.getName()));
            out.write((String.join("\n", providers) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }
}
