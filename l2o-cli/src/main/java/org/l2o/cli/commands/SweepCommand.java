package org.l2o.cli.commands;

import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.l2o.cli.GlobalOptions;
import org.l2o.cli.support.RunManifest;
import org.l2o.optimizers.training.LearningRateSweep;
import org.l2o.optimizers.training.TrainingHarness;
import org.l2o.optimizers.training.TrainingListener;
import org.l2o.optimizers.training.TrainingReport;
import org.l2o.optimizers.training.TrainingSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code l2o sweep}: the learning-rate grid search the paper used to tune SGD and Adam (its
 * Tables 4-5). Prints and writes a table of final test accuracy per learning rate and names the best.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Grid-search the learning rate: train once per --lr value (all seeds each) and report final test"
                    + " accuracy and loss per rate; the best is the highest mean test accuracy among rates whose"
                    + " seeds all finished (lowest test loss where accuracy is undefined).",
            "Writes sweep.csv, sweep.json, manifest.json, sweep.png and lr-<rate>/ (per-seed CSV, summary.json) into --out."
        })
public final class SweepCommand implements Callable<Integer> {

    @Mixin
    GlobalOptions global;

    @Mixin
    TrainingOptions options;

    @Option(names = "--lr", required = true, split = ",", paramLabel = "R,R,...",
            description = "Learning rates to try, e.g. 1e-1,1e-2,1e-3,1e-4,1e-5.")
    List<Double> learningRates;

    @Unmatched
    List<String> hyperParameterFlags;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        options.applyThreads();
        Path out = global.outDir("sweep");
        for (double lr : learningRates) {
            if (!(lr > 0) || Double.isInfinite(lr)) {
                throw new IllegalArgumentException("--lr: " + lr + " is not a positive learning rate");
            }
        }
        TrainingOptions.Resolved resolved = options.resolve(global, hyperParameterFlags);
        TrainingSpec base = options.specBuilder(resolved, global).build();
        RunManifest manifest = new RunManifest("sweep", spec.commandLine().getParseResult().originalArgs());
        resolved.describe(manifest);
        options.describe(manifest, global);
        manifest.put("learningRates", learningRates);
        manifest.write(out);

        List<LearningRateSweep.Entry> entries = new ArrayList<>();
        for (double lr : learningRates) {
            TrainingListener listener = new ProgressListener(global.progress(), "lr=" + lr + " ");
            LearningRateSweep.Result one = new LearningRateSweep(new TrainingHarness(listener)).run(base, List.of(lr));
            LearningRateSweep.Entry entry = one.entries().get(0);
            entries.add(entry);
            Path dir = out.resolve("lr-" + lr);
            RunOutputs.writeCsv(dir, entry.report());
            RunOutputs.writeSummary(dir, entry.report(), resolved);
        }
        LearningRateSweep.Entry best = entries.stream().min(LearningRateSweep.RANKING).orElseThrow();
        writeTable(out.resolve("sweep.csv"), entries);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("optimizer", resolved.optimizer().name());
        json.put("optimizee", resolved.optimizee().name());
        json.put("dataset", resolved.dataset().map(d -> d.name()).orElse(null));
        json.put("bestLr", best.lr());
        List<Object> rows = new ArrayList<>();
        for (LearningRateSweep.Entry e : entries) {
            rows.add(e.report().summary());
        }
        json.put("runs", rows);
        RunOutputs.writeJson(out.resolve("sweep.json"), json);
        List<CurvePlot.Run> runs = new ArrayList<>();
        entries.forEach(e -> runs.add(new CurvePlot.Run("lr=" + e.lr(), e.report())));
        CurvePlot.write(out.resolve("sweep.png"), resolved.optimizer().name() + " on " + resolved.optimizee().name(), runs);
        print(spec.commandLine().getOut(), entries, best, out);
        return 0;
    }

    private static void writeTable(Path file, List<LearningRateSweep.Entry> entries) throws java.io.IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("lr,test_accuracy_mean,test_accuracy_std,test_loss_mean,test_loss_std,train_loss_mean,seeds,diverged_seeds,train_split_loss_mean");
            w.newLine();
            for (LearningRateSweep.Entry e : entries) {
                TrainingReport r = e.report();
                w.write(e.lr() + "," + r.finalTestAccuracy().mean() + "," + r.finalTestAccuracy().std() + ","
                        + r.finalTestLoss().mean() + "," + r.finalTestLoss().std() + "," + r.finalTrainLoss().mean()
                        + "," + r.seeds().size() + "," + e.divergedSeeds() + "," + r.finalTrainSplitLoss().mean());
                w.newLine();
            }
        }
    }

    private static void print(PrintWriter w, List<LearningRateSweep.Entry> entries, LearningRateSweep.Entry best,
            Path out) {
        w.printf(Locale.ROOT, "%-10s %-22s %-22s %s%n", "lr", "test accuracy", "test loss", "diverged");
        for (LearningRateSweep.Entry e : entries) {
            TrainingReport r = e.report();
            w.printf(Locale.ROOT, "%-10s %-22s %-22s %d/%d%s%n", e.lr(), TrainCommand.pm(r.finalTestAccuracy()),
                    TrainCommand.pm(r.finalTestLoss()), e.divergedSeeds(), r.seeds().size(), e == best ? "  <- best" : "");
        }
        w.printf(Locale.ROOT, "best learning rate: %s%n", best.lr());
        w.println("results in " + out);
        w.flush();
    }
}
