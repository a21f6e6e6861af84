package org.l2o.cli;

import ch.qos.logback.classic.Level;
import com.google.inject.CreationException;
import com.google.inject.ProvisionException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import org.l2o.cli.commands.BenchCommand;
import org.l2o.cli.commands.DemoCommand;
import org.l2o.cli.commands.MetaTrainCommand;
import org.l2o.cli.commands.PluginsCommand;
import org.l2o.cli.commands.SweepCommand;
import org.l2o.cli.commands.TrainCommand;
import org.l2o.cli.commands.VerifyCommand;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code l2o} command. Bad input (arguments, files, plugin names) ends with a one-line
 * message and exit code 2; {@code --verbose} adds the stack trace.
 */
@Command(name = "l2o", mixinStandardHelpOptions = true, versionProvider = L2oCommand.Version.class,
        description = "Learning to optimize with flatness-aware regularizers.",
        subcommands = {PluginsCommand.class, DemoCommand.class, TrainCommand.class, MetaTrainCommand.class, SweepCommand.class, BenchCommand.class,
            VerifyCommand.class, CommandLine.HelpCommand.class})
public final class L2oCommand implements Runnable {

    /** Exit code for bad input. */
    public static final int USAGE = 2;

    @picocli.CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code; the entry point for tests. */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** As {@link #execute(String...)} with the given output and error streams. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        // DJL must neither phone home nor try to download anything.
        System.setProperty("OPT_OUT_TRACKING", "true");
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        boolean verbose = Arrays.asList(args).contains("--verbose") || Arrays.asList(args).contains("-v");
        setLogLevel(verbose);
        CommandLine cli = new CommandLine(new L2oCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("l2o: " + e.getMessage());
            CommandLine.Model.CommandSpec spec = e.getCommandLine().getCommandSpec();
            err.println("Try '" + spec.qualifiedName() + " --help' for more information.");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, c, parsed) -> {
            Throwable cause = unwrap(e);
            boolean usage = isUserError(cause);
            err.println("l2o: " + (usage ? "" : "internal error: ") + messageOf(cause));
            if (verbose) {
                cause.printStackTrace(err);
            } else if (!usage) {
                err.println("Run again with --verbose for the stack trace.");
            }
            err.flush();
            return usage ? USAGE : 1;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof ProvisionException || t instanceof CreationException
                || t instanceof UncheckedIOException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof CreationException ce && !ce.getErrorMessages().isEmpty()
                && ce.getErrorMessages().iterator().next().getCause() != null) {
            return ce.getErrorMessages().iterator().next().getCause();
        }
        return t;
    }

    /** Errors caused by what the user gave: arguments, names, files. */
    static boolean isUserError(Throwable t) {
        return t instanceof IllegalArgumentException || t instanceof IOException
                || t instanceof org.l2o.cli.inject.PluginConflictException;
    }

    private static String messageOf(Throwable t) {
        if (t instanceof NoSuchFileException nsf) {
            return "file not found: " + nsf.getFile() + (nsf.getReason() == null ? "" : " (" + nsf.getReason() + ")");
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.replace('\n', ' ');
    }

    private static void setLogLevel(boolean verbose) {
        if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
            context.getLogger("org.l2o").setLevel(verbose ? Level.DEBUG : Level.INFO);
        }
    }

    /** Prints the l2o, DJL and Java versions. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "l2o " + org.l2o.cli.support.Provenance.l2oVersion(),
                "DJL " + ai.djl.engine.Engine.getDjlVersion(),
                "Java " + System.getProperty("java.version")
            };
        }
    }
}
