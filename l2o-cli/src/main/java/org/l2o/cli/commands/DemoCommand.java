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
import org.l2o.cli.support.Progress;
import org.l2o.cli.support.RunManifest;
import org.l2o.optimizers.learned.LearnedOptimizer;
import org.l2o.optimizers.learned.TrainedOptimizer;
import org.l2o.optimizers.meta.EpochResult;
import org.l2o.optimizers.meta.MetaTrainingListener;
import org.l2o.optimizers.meta.MetaTrainingRun;
import org.l2o.optimizers.meta.SavedOptimizer;
import org.l2o.optimizers.meta.TaskSampler;
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
 * meta-train {@code l2o-dm} briefly on {@code mlp-sigmoid}, then train the unseen optimizee
 * {@code mlp-relu} with the learned optimizer, Adam and SGD side by side, print the falling
 * training loss and the test accuracy, and plot the runs.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run the main job on embedded MNIST digits: meta-train l2o-dm briefly on mlp-sigmoid, then train"
                + " the unseen mlp-relu with it, Adam and SGD side by side; print the falling loss and test accuracy,"
                + " and write curves.png, meta-training.csv, the learned optimizer, per-run CSVs and manifest.json.")
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

    @Option(names = "--meta-epochs", paramLabel = "N", defaultValue = "10",
            description = "Meta-training epochs of l2o-dm on mlp-sigmoid (100 steps each); 0 skips the learned"
                    + " optimizer (default: ${DEFAULT-VALUE}).")
    int metaEpochs;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (steps < 1 || printEvery < 1 || metaEpochs < 0) {
            throw new IllegalArgumentException("--steps and --print-every must be at least 1 and --meta-epochs at"
                    + " least 0, got " + steps + ", " + printEvery + " and " + metaEpochs);
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
        if (metaEpochs > 0) {
            TrainedOptimizer learned = metaTrain(registry, data, dir, manifest, out);
            runs.add(new CurvePlot.Run("l2o-dm", train(learned, learned.settings(), objective, data, name -> "l2o-dm ")));
        }
        for (String name : List.of("adam", "sgd")) {
            Optimizer optimizer = registry.optimizer(name);
            HyperParameters values = optimizer.defaults().with(optimizer.hyperParameters(),
                    Map.of("lr", LEARNING_RATES.get(name)));
            manifest.plugin("optimizer-" + name, values);
            runs.add(new CurvePlot.Run(name + " lr=" + LEARNING_RATES.get(name),
                    train(optimizer, values, objective, data, n -> name + " ")));
        }
        for (CurvePlot.Run run : runs) {
            RunOutputs.writeCsv(dir.resolve(run.label().split(" ")[0]), run.report());
        }
        manifest.write(dir);
        printSideBySide(out, runs);
        Path png = CurvePlot.write(dir.resolve("curves.png"), "mlp-relu on embedded MNIST", runs);
        out.println("plot: " + png.toAbsolutePath());
        out.println("results in " + dir);
        out.flush();
        return 0;
    }

    private TrainingReport train(Optimizer optimizer, HyperParameters values, Objective objective, DataSplits data,
            java.util.function.UnaryOperator<String> label) throws java.io.IOException {
        TrainingSpec trainingSpec = TrainingSpec.builder().setOptimizer(optimizer, values).setObjective(objective)
                .setSteps(steps).optData(data).optBatchSize(batchSize).optSeeds(List.of(global.seed()))
                .optEvalEvery(Math.max(1, steps / 6)).build();
        return new TrainingHarness(new ProgressListener(global.progress(), label.apply(optimizer.name()))).run(trainingSpec);
    }

    /**
     * Meta-trains l2o-dm with its reference recipe (unroll 20, 100 steps per epoch, Adam 1e-3) on
     * mlp-sigmoid, the paper's meta-training optimizee, and saves it into {@code dir/l2o-dm}.
     */
    private TrainedOptimizer metaTrain(PluginRegistry registry, DataSplits data, Path dir, RunManifest manifest,
            PrintWriter out) throws java.io.IOException {
        LearnedOptimizer arch = (LearnedOptimizer) registry.optimizer("l2o-dm");
        HyperParameters archValues = arch.defaults();
        Optimizee sigmoid = registry.optimizee("mlp-sigmoid");
        HyperParameters sigmoidValues = sigmoid.defaults();
        Objective metaObjective = sigmoid.create(sigmoidValues, data.spec());
        manifest.plugin("learned-optimizer", archValues).plugin("meta-training-optimizee", sigmoidValues)
                .put("metaEpochs", metaEpochs).put("metaRecipe", arch.recipe().toString())
                .put("metaGradient", arch.defaultMetaGradient().label());
        out.printf(Locale.ROOT, "meta-training l2o-dm on mlp-sigmoid for %d epochs of %d steps, unroll %d, %s"
                + " meta-gradients (the reference trains thousands of epochs: this is a short demonstration)%n",
                metaEpochs, arch.recipe().stepsPerEpoch(), arch.recipe().unroll(), arch.defaultMetaGradient().label());
        out.flush();
        MetaTrainingRun.Result result;
        try (Progress progress = Progress.start(global.progress(), "meta-train l2o-dm", metaEpochs)) {
            result = MetaTrainingRun.builder().setArchitecture(arch, archValues)
                    .setTasks(TaskSampler.of(metaObjective, data.train(), batchSize), "mlp-sigmoid on mnist")
                    .optRecipe(arch.recipe()).setEpochs(metaEpochs).setSeed(global.seed()).optValidation(0, 1)
                    .optListener(new MetaTrainingListener() {
                        private int done;

                        @Override
                        public void epochDone(EpochResult r, int totalEpochs) {
                            progress.step(++done, String.format(Locale.ROOT, "final loss %.3f", r.finalLoss()));
                        }
                    })
                    .build().run();
        }
        List<EpochResult> history = result.history();
        out.printf(Locale.ROOT, "meta-training: final optimizee loss %.4f after epoch 1, %.4f after epoch %d%n",
                history.get(0).finalLoss(), history.get(history.size() - 1).finalLoss(), history.size());
        Path saved = dir.resolve("l2o-dm");
        Map<String, Object> provenance = MetaTrainCommand.provenance("mlp-sigmoid", sigmoidValues, data.name(), null, 0,
                global.seed(), result, arch.recipe(), arch.defaultMetaGradient(), batchSize);
        SavedOptimizer.save(saved, arch, archValues, result.optimizer(), provenance);
        MetaTrainCommand.writeHistory(dir.resolve("meta-training.csv"), history);
        return new TrainedOptimizer(arch, archValues, result.optimizer(), saved, provenance);
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
