package org.l2o.cli.commands;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.l2o.api.DataSplits;
import org.l2o.api.Dataset;
import org.l2o.api.DatasetOptions;
import org.l2o.api.HyperParameters;
import org.l2o.api.Objective;
import org.l2o.api.Optimizee;
import org.l2o.api.Optimizer;
import org.l2o.cli.GlobalOptions;
import org.l2o.cli.inject.PluginRegistry;
import org.l2o.cli.support.RunManifest;
import org.l2o.optimizers.training.SeedResult;
import org.l2o.optimizers.training.TrainingHarness;
import org.l2o.optimizers.training.TrainingReport;
import org.l2o.optimizers.training.TrainingSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code l2o demo}: the main job end to end on the embedded MNIST digits, with no download:
 * train {@code mlp-relu} with Adam and with SGD side by side, print the falling training loss
 * and the test accuracy, and plot both runs.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run the main job on embedded MNIST digits: train mlp-relu with Adam and SGD side by side,"
                + " print the falling loss and test accuracy, and write curves.png, per-run CSVs and manifest.json.")
public final class DemoCommand implements Callable<Integer> {

    /** Learning rates from the paper's grid (Tables 4-5) that suit mlp-relu on MNIST. */
    static final Map<String, Double> LEARNING_RATES = Map.of("adam", 1e-3, "sgd", 1e-1);

    @Mixin
    GlobalOptions global;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "300",
            description = "Training steps per optimizer (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "128",
            description = "Minibatch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--print-every", paramLabel = "K", defaultValue = "50",
            description = "Print the training loss every K steps (default: ${DEFAULT-VALUE}).")
    int printEvery;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (steps < 1 || printEvery < 1) {
            throw new IllegalArgumentException("--steps and --print-every must be at least 1, got "
                    + steps + " and " + printEvery);
        }
        PrintWriter out = spec.commandLine().getOut();
        Path dir = global.outDir("demo");
        PluginRegistry registry = global.registry();
        Dataset mnist = registry.dataset("mnist");
        HyperParameters dataValues = mnist.defaults();
        DataSplits data = mnist.load(dataValues, new DatasetOptions(java.util.Optional.empty(), global.seed()));
        Optimizee mlp = registry.optimizee("mlp-relu");
        HyperParameters mlpValues = mlp.defaults();
        Objective objective = mlp.create(mlpValues, data.spec());
        out.printf(Locale.ROOT, "embedded MNIST: %d training and %d test digits; optimizee mlp-relu with %d parameters%n",
                data.train().size(), data.test().size(), objective.parameterCount());

        RunManifest manifest = new RunManifest("demo", spec.commandLine().getParseResult().originalArgs())
                .plugin("dataset", dataValues).plugin("optimizee", mlpValues)
                .put("steps", steps).put("batchSize", batchSize).put("seed", global.seed());
        List<CurvePlot.Run> runs = new ArrayList<>();
        for (String name : List.of("adam", "sgd")) {
            Optimizer optimizer = registry.optimizer(name);
            HyperParameters values = optimizer.defaults().with(optimizer.hyperParameters(),
                    Map.of("lr", LEARNING_RATES.get(name)));
            manifest.plugin("optimizer-" + name, values);
            TrainingSpec trainingSpec = TrainingSpec.builder().setOptimizer(optimizer, values).setObjective(objective)
                    .setSteps(steps).optData(data).optBatchSize(batchSize).optSeeds(List.of(global.seed()))
                    .optEvalEvery(Math.max(1, steps / 6)).build();
            TrainingReport report = new TrainingHarness(new ProgressListener(global.progress(), name + " ")).run(trainingSpec);
            RunOutputs.writeCsv(dir.resolve(name), report);
            runs.add(new CurvePlot.Run(name + " lr=" + LEARNING_RATES.get(name), report));
        }
        manifest.write(dir);
        printSideBySide(out, runs);
        Path png = CurvePlot.write(dir.resolve("curves.png"), "mlp-relu on embedded MNIST", runs);
        out.println("plot: " + png.toAbsolutePath());
        out.println("results in " + dir);
        out.flush();
        return 0;
    }

    private void printSideBySide(PrintWriter out, List<CurvePlot.Run> runs) {
        out.printf(Locale.ROOT, "%n%8s", "step");
        for (CurvePlot.Run r : runs) {
            out.printf(Locale.ROOT, "  %22s", r.label() + " loss");
        }
        out.println();
        printRow(out, runs, 1);
        for (int step = printEvery; step < steps; step += printEvery) {
            printRow(out, runs, step);
        }
        printRow(out, runs, steps);
        out.printf(Locale.ROOT, "%8s", "test acc");
        for (CurvePlot.Run r : runs) {
            SeedResult s = r.report().seeds().get(0);
            out.printf(Locale.ROOT, "  %22s", s.diverged() ? "diverged" : String.format(Locale.ROOT, "%.2f%%",
                    100 * TrainingReport.finalTestAccuracy(s)));
        }
        out.println();
    }

    /**
     * The training loss of step {@code step} (1-based), averaged over up to ten steps that end
     * there to tame minibatch noise.
     */
    private void printRow(PrintWriter out, List<CurvePlot.Run> runs, int step) {
        out.printf(Locale.ROOT, "%8d", step);
        for (CurvePlot.Run r : runs) {
            float[] loss = r.report().seeds().get(0).trainLoss();
            int last = step - 1;
            int from = Math.max(0, last - Math.min(printEvery, 10) + 1);
            double sum = 0;
            int n = 0;
            for (int i = from; i <= last && i < loss.length; i++) {
                sum += loss[i];
                n++;
            }
            out.printf(Locale.ROOT, "  %22s", n == 0 ? "-" : String.format(Locale.ROOT, "%.4f", sum / n));
        }
        out.println();
    }
}
