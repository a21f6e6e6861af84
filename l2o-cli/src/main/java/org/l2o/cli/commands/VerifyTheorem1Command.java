package org.l2o.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.l2o.cli.GlobalOptions;
import org.l2o.theory.EigenQuadratic;
import org.l2o.theory.Lipschitz;
import org.l2o.theory.Theorem1;
import org.l2o.theory.Theorem1Result;
import org.l2o.theory.sweep.SweepConfig;
import org.l2o.theory.sweep.SweepReport;
import org.l2o.theory.sweep.SweepReportWriter;
import org.l2o.theory.sweep.Theorem1Sweep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code l2o verify theorem1}: checks Theorem 1 of Yang et al. (AISTATS 2023) and the corrected
 * bound of docs/theory.md, either on a sweep of random convex quadratics (Markdown and JSON report
 * in {@code --out}) or on one quadratic given on the command line (the single-case mode, chosen by
 * {@code --dim}).
 */
@Command(name = "theorem1", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Check Theorem 1 (Hessian norm <= D^-1(-G), local entropy G) on convex quadratics.",
            "Sweep mode (default): random quadratics; writes theorem1-sweep.md and theorem1-sweep.json to --out and a summary to stdout.",
            "Single-case mode (with --dim): A = diag(eigenvalues, then zeros up to --dim), c = 0, theta = --offset * e1 (or --theta)."
        })
public final class VerifyTheorem1Command implements Callable<Integer> {

    @Mixin
    GlobalOptions global;

    @Option(names = "--cases", paramLabel = "N", defaultValue = "10000",
            description = "Sweep: number of random cases (default: ${DEFAULT-VALUE}).")
    int cases;

    @Option(names = "--dims", paramLabel = "P,...", split = ",",
            description = "Sweep: dimensions to draw from (default: 1,2,3,5,10,20,50,100).")
    List<Integer> dims;

    @Option(names = "--gammas", paramLabel = "G,...", split = ",",
            description = "Sweep: values of gamma to draw from (default: 0.01,0.1,1,10,100).")
    List<Double> gammas;

    @Option(names = "--ms", paramLabel = "M,...", split = ",",
            description = "Sweep: ball radii m to draw from (default: 0.01,0.1,1,10).")
    List<Double> ms;

    @Option(names = "--lipschitz", paramLabel = "KIND", defaultValue = "pointwise",
            description = "Which M: pointwise (M = |grad L(theta)|, what the proof uses) or ball (Lipschitz constant of L on the ball of radius m around theta) (default: ${DEFAULT-VALUE}).")
    String lipschitz;

    @Option(names = "--fail-on-violation", paramLabel = "BOUND", arity = "0..1", fallbackValue = "stated",
            description = "Exit 1 when a case violates BOUND: stated (the paper's bound; the default when no value is given) or corrected. Without this flag the exit code is 0 whatever was found.")
    String failOnViolation;

    @Option(names = "--dim", paramLabel = "P",
            description = "Single case: the dimension p; selects the single-case mode.")
    Integer dim;

    @Option(names = "--eigenvalues", paramLabel = "A1,...", split = ",",
            description = "Single case: the leading eigenvalues of A (>= 0, at most P of them); the rest are 0 (default: all 0).")
    List<Double> eigenvalues;

    @Option(names = "--gamma", paramLabel = "G", description = "Single case: gamma > 0 (required with --dim).")
    Double gamma;

    @Option(names = "--m", paramLabel = "M", description = "Single case: ball radius m > 0 (required with --dim).")
    Double m;

    @Option(names = "--offset", paramLabel = "X", defaultValue = "0",
            description = "Single case: theta = X * e1 (default: ${DEFAULT-VALUE}, the minimizer).")
    double offset;

    @Option(names = "--theta", paramLabel = "X1,...", split = ",",
            description = "Single case: theta in full (P values; overrides --offset). Sweep witnesses print it.")
    List<Double> theta;

    @Option(names = "--l0", paramLabel = "V", defaultValue = "0",
            description = "Single case: the constant l0 >= 0 (default: ${DEFAULT-VALUE}).")
    double l0;

    @Option(names = "--json", description = "Single case: print one JSON object instead of text.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Lipschitz choice = Lipschitz.parse(lipschitz);
        String failBound = failOnViolation == null ? null : failOnViolation.trim().toLowerCase(Locale.ROOT);
        if (failBound != null && !failBound.equals("stated") && !failBound.equals("corrected")) {
            throw new IllegalArgumentException("--fail-on-violation: expected stated or corrected, got '" + failOnViolation + "'");
        }
        PrintWriter out = spec.commandLine().getOut();
        int code = dim != null ? single(choice, failBound, out) : sweep(choice, failBound, out);
        out.flush();
        return code;
    }

    private int sweep(Lipschitz choice, String failBound, PrintWriter out) {
        var pr = spec.commandLine().getParseResult();
        for (String single : List.of("--eigenvalues", "--gamma", "--m", "--offset", "--theta", "--l0", "--json")) {
            if (pr.hasMatchedOption(single)) {
                throw new IllegalArgumentException(single + " is a single-case option; give --dim P to check one quadratic");
            }
        }
        SweepConfig config = new SweepConfig(cases, global.seed(),
                dims == null ? SweepConfig.DEFAULT_DIMS : dims,
                gammas == null ? SweepConfig.DEFAULT_GAMMAS : gammas,
                ms == null ? SweepConfig.DEFAULT_MS : ms, choice);
        SweepReport report = new Theorem1Sweep(config).run();
        Path dir = global.outDir("verify-theorem1");
        List<Path> files = SweepReportWriter.write(report, dir);
        out.print(SweepReportWriter.summary(report));
        out.println("  report: " + files.get(0) + ", " + files.get(1));
        if ("stated".equals(failBound) && report.stated().violated() > 0) {
            return 1;
        }
        if ("corrected".equals(failBound) && report.corrected().violated() > 0) {
            return 1;
        }
        return 0;
    }

    private int single(Lipschitz choice, String failBound, PrintWriter out) {
        var pr = spec.commandLine().getParseResult();
        for (String sweepOption : List.of("--cases", "--dims", "--gammas", "--ms")) {
            if (pr.hasMatchedOption(sweepOption)) {
                throw new IllegalArgumentException(sweepOption + " is a sweep option and cannot be combined with --dim");
            }
        }
        if (dim < 1) {
            throw new IllegalArgumentException("--dim must be >= 1, got " + dim);
        }
        if (gamma == null || m == null) {
            throw new IllegalArgumentException("--dim needs --gamma G and --m M");
        }
        if (!(gamma > 0) || gamma.isInfinite()) {
            throw new IllegalArgumentException("--gamma must be finite and > 0, got " + gamma);
        }
        if (!(m > 0) || m.isInfinite()) {
            throw new IllegalArgumentException("--m must be finite and > 0, got " + m);
        }
        double[] eig = new double[dim];
        List<Double> given = eigenvalues == null ? List.of() : eigenvalues;
        if (given.size() > dim) {
            throw new IllegalArgumentException("--eigenvalues has " + given.size() + " values but --dim is " + dim);
        }
        for (int i = 0; i < given.size(); i++) {
            double v = given.get(i);
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("--eigenvalues: value " + (i + 1) + " must be finite and >= 0 (A positive semi-definite), got " + v);
            }
            eig[i] = v;
        }
        double[] point = new double[dim];
        if (theta != null) {
            if (theta.size() != dim) {
                throw new IllegalArgumentException("--theta has " + theta.size() + " values but --dim is " + dim);
            }
            for (int i = 0; i < dim; i++) {
                point[i] = theta.get(i);
            }
        } else {
            point[0] = offset;
        }
        for (int i = 0; i < dim; i++) {
            if (!Double.isFinite(point[i])) {
                throw new IllegalArgumentException("--theta/--offset: coordinate " + (i + 1) + " must be finite, got " + point[i]);
            }
        }
        if (!(l0 >= 0) || Double.isInfinite(l0)) {
            throw new IllegalArgumentException("--l0 must be finite and >= 0 (the theorem needs L >= 0), got " + l0);
        }
        Theorem1Result r = Theorem1.evaluate(new EigenQuadratic(eig, point, l0), gamma, m, choice);
        if (json) {
            ObjectNode node = SweepReportWriter.mapper().createObjectNode();
            node.putPOJO("eigenvalues", eig);
            node.putPOJO("theta", point);
            node.put("l0", l0);
            node.setAll((ObjectNode) SweepReportWriter.mapper().valueToTree(r));
            out.println(node.toPrettyString());
        } else {
            out.printf(Locale.ROOT, "p = %d, A = diag%s, theta = %s, l0 = %s, gamma = %s, m = %s, M (%s) = %s, C = %s%n",
                    dim, Arrays.toString(eig), Arrays.toString(point), l0, gamma, m, choice.cliName(), r.lipschitzConstant(), r.farFieldConstant());
            out.printf(Locale.ROOT, "|Hessian| = %s, G = %s, L = %s%n", r.hessianNorm(), r.localEntropy(), r.loss());
            out.printf(Locale.ROOT, "stated:    log(D^-1(-G)) = %s, %s (margin %s%s)%n", r.logBound(), r.holds() ? "holds" : "VIOLATED",
                    r.margin(), r.violationKind() == null ? "" : ", kind " + r.violationKind());
            out.printf(Locale.ROOT, "corrected: log(bound) = %s, %s (margin %s)%n", r.correctedLogBound(),
                    r.correctedHolds() ? "holds" : "VIOLATED", r.correctedMargin());
        }
        if ("stated".equals(failBound) && !r.holds()) {
            return 1;
        }
        if ("corrected".equals(failBound) && !r.correctedHolds()) {
            return 1;
        }
        return 0;
    }
}
