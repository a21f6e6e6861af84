package org.l2o.cli.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code l2o verify}: numerical checks of the paper's theory. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check the paper's theory numerically (Theorem 1 on convex quadratics).",
        subcommands = {VerifyTheorem1Command.class})
public final class VerifyCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
