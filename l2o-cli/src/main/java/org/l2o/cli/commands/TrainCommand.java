package org.l2o.cli.commands;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.l2o.cli.GlobalOptions;
import org.l2o.cli.support.RunManifest;
import org.l2o.optimizers.training.SeedResult;
import org.l2o.optimizers.training.TrainingHarness;
import org.l2o.optimizers.training.TrainingReport;
import org.l2o.optimizers.training.TrainingSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code l2o train}: runs one optimizer on one optimizee for several seeds and writes per-seed
 * CSV curves, {@code summary.json}, {@code manifest.json} and {@code curves.png}.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Train an optimizee with an optimizer for several seeds; write per-seed CSV curves, summary.json,"
                    + " manifest.json and curves.png into --out.",
            "Hyperparameters of the optimizer, optimizee and dataset are extra flags: --lr 0.1,"
                    + " --momentum=0.9, or --optimizer.lr=0.1 where a name is ambiguous ('l2o plugins' lists them)."
        })
public final class TrainCommand implements Callable<Integer> {

    @Mixin
    GlobalOptions global;

    @Mixin
    TrainingOptions options;

    @Option(names = "--save-params", paramLabel = "FILE.npz",
            description = "Save each seed's final optimizee parameters as NumPy .npz (arrays named as the optimizee's"
                    + " parameters); with several seeds '-seed<N>' is inserted before the extension.")
    Path saveParams;

    @Option(names = "--init-params", paramLabel = "FILE.npz",
            description = "Start every seed from the parameters in this .npz file instead of the optimizee's"
                    + " initialization (names and shapes must match).")
    Path initParams;

    @Unmatched
    List<String> hyperParameterFlags;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        options.applyThreads();
        Path out = global.outDir("train");
        TrainingOptions.Resolved resolved = options.resolve(global, hyperParameterFlags);
        TrainingSpec trainingSpec = options.specBuilder(resolved, global).optInitParams(initParams)
                .optSaveParams(saveParams).build();
        RunManifest manifest = new RunManifest("train", spec.commandLine().getParseResult().originalArgs());
        resolved.describe(manifest);
        options.describe(manifest, global);
        manifest.put("initParams", initParams == null ? null : initParams.toString())
                .put("saveParams", saveParams == null ? null : saveParams.toString());
        manifest.write(out);

        TrainingReport report = new TrainingHarness(new ProgressListener(global.progress(), "")).run(trainingSpec);
        RunOutputs.writeCsv(out, report);
        RunOutputs.writeSummary(out, report, resolved);
        CurvePlot.write(out.resolve("curves.png"), resolved.optimizer().name() + " on " + resolved.optimizee().name(),
                List.of(new CurvePlot.Run(resolved.optimizer().name(), report)));
        print(spec.commandLine().getOut(), report, out);
        return 0;
    }

    static void print(PrintWriter w, TrainingReport report, Path out) {
        TrainingReport.Stat acc = report.finalTestAccuracy();
        TrainingReport.Stat loss = report.finalTestLoss();
        TrainingReport.Stat train = report.finalTrainLoss();
        w.printf(Locale.ROOT, "%s: %d steps x %d seeds, %.1f steps/s%n", report.spec().optimizer().name(),
                report.spec().steps(), report.seeds().size(), report.stepsPerSecond().mean());
        w.printf(Locale.ROOT, "final training loss %s, test loss %s, test accuracy %s (over %d finished seeds)%n",
                pm(train), pm(loss), pm(acc), loss.n());
        TrainingReport.Stat split = report.finalTrainSplitLoss();
        if (split.n() > 0) {
            w.printf(Locale.ROOT, "loss over %d train samples after the last step %s%n",
                    report.spec().trainSplitSamples(), pm(split));
        }
        for (SeedResult r : report.diverged()) {
            w.printf(Locale.ROOT, "seed %d diverged at step %d%n", r.seed(), r.divergedAtStep());
        }
        if (report.peakResidentBytes() >= 0) {
            w.printf(Locale.ROOT, "peak resident memory %.0f MiB%n", report.peakResidentBytes() / (1024.0 * 1024.0));
        }
        w.println("results in " + out);
        w.flush();
    }

    static String pm(TrainingReport.Stat s) {
        return s.n() == 0 ? "n/a" : String.format(Locale.ROOT, "%.4f ± %.4f", s.mean(), s.std());
    }
}
