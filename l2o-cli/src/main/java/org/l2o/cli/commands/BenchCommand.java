package org.l2o.cli.commands;

import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.l2o.api.DataSplits;
import org.l2o.api.DataSpec;
import org.l2o.api.Dataset;
import org.l2o.api.DatasetOptions;
import org.l2o.api.Objective;
import org.l2o.api.Optimizee;
import org.l2o.api.Optimizer;
import org.l2o.cli.GlobalOptions;
import org.l2o.cli.support.EngineThreads;
import org.l2o.cli.inject.PluginRegistry;
import org.l2o.cli.support.RunManifest;
import org.l2o.optimizers.training.EvalPoint;
import org.l2o.optimizers.training.ResidentMemory;
import org.l2o.optimizers.training.SeedResult;
import org.l2o.optimizers.training.TrainingHarness;
import org.l2o.optimizers.training.TrainingListener;
import org.l2o.optimizers.training.TrainingSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code l2o bench}: wall-clock milliseconds per training step (minibatch, forward, backward and
 * update, as {@code l2o train} runs them) for each optimizer on each optimizee, timed step by
 * step after a warm-up; reports the median, the 10th and 90th percentiles and the resident memory.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Time training steps: for each optimizer and optimizee, run --warmup untimed steps, then time --steps"
                    + " steps one by one with the training harness and report the median milliseconds per step.",
            "Writes bench.csv, bench.json and manifest.json into --out."
        })
public final class BenchCommand implements Callable<Integer> {

    @Mixin
    GlobalOptions global;

    @Option(names = "--optimizers", split = ",", paramLabel = "NAME,...", defaultValue = "sgd,adam,rmsprop,adagrad,rprop",
            description = "Optimizers to time, at their default hyperparameters (default: ${DEFAULT-VALUE}).")
    List<String> optimizers;

    @Option(names = "--optimizees", split = ",", paramLabel = "NAME,...", defaultValue = "mlp-relu,conv-mnist",
            description = "Optimizees to time them on (default: ${DEFAULT-VALUE}).")
    List<String> optimizees;

    @Option(names = "--dataset", paramLabel = "NAME", defaultValue = TrainingOptions.DEFAULT_DATASET,
            description = "Dataset for optimizees that need data (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder the dataset reads from.")
    Path dataDir;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "128",
            description = "Minibatch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "300",
            description = "Timed steps per optimizer and optimizee (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "50",
            description = "Untimed steps before timing starts (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--threads", paramLabel = "N",
            description = "PyTorch intra-op threads (default: PyTorch's choice, one per core).")
    Integer threads;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** One measured combination. */
    record Row(String optimizee, String optimizer, int timedSteps, double medianMs, double p10Ms, double p90Ms,
            double meanMs, double residentMiB, Integer divergedAtStep) {}

    @Override
    public Integer call() throws Exception {
        if (steps < 1 || warmup < 0) {
            throw new IllegalArgumentException("--steps must be at least 1 and --warmup at least 0");
        }
        EngineThreads.apply(threads);
        Path out = global.outDir("bench");
        PluginRegistry registry = global.registry();
        List<Optimizer> opts = new ArrayList<>();
        for (String name : optimizers) {
            opts.add(new OptimizerResolver(registry).resolve(name));
        }
        RunManifest manifest = new RunManifest("bench", spec.commandLine().getParseResult().originalArgs());
        manifest.put("optimizers", optimizers).put("optimizees", optimizees).put("dataset", dataset)
                .put("batchSize", batchSize).put("steps", steps).put("warmup", warmup).put("seed", global.seed())
                .put("threads", threads == null ? "default" : threads);
        manifest.write(out);

        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "%-12s %-10s %10s %10s %10s %10s%n", "optimizee", "optimizer", "median ms", "p10 ms",
                "p90 ms", "RSS MiB");
        w.flush();
        List<Row> rows = new ArrayList<>();
        DataSplits data = null;
        for (String optimizeeName : optimizees) {
            Optimizee optimizee = registry.optimizee(optimizeeName);
            if (optimizee.needsData() && data == null) {
                Dataset d = registry.dataset(dataset);
                data = d.load(d.defaults(), new DatasetOptions(Optional.ofNullable(dataDir), global.seed()));
            }
            Objective objective = optimizee.create(optimizee.defaults(), optimizee.needsData() ? data.spec() : DataSpec.NONE);
            for (Optimizer optimizer : opts) {
                Row row = measure(optimizeeName, objective, optimizee.needsData() ? data : null, optimizer);
                rows.add(row);
                w.printf(Locale.ROOT, "%-12s %-10s %10.3f %10.3f %10.3f %10.0f%s%n", row.optimizee(), row.optimizer(),
                        row.medianMs(), row.p10Ms(), row.p90Ms(), row.residentMiB(),
                        row.divergedAtStep() == null ? "" : "  (diverged at step " + row.divergedAtStep() + ")");
                w.flush();
            }
        }
        writeCsv(out.resolve("bench.csv"), rows);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("batchSize", batchSize);
        json.put("steps", steps);
        json.put("warmup", warmup);
        json.put("threads", threads == null ? "default" : threads);
        json.put("results", rows);
        RunOutputs.writeJson(out.resolve("bench.json"), json);
        w.println("results in " + out);
        w.flush();
        return 0;
    }

    private Row measure(String optimizee, Objective objective, DataSplits data, Optimizer optimizer) throws Exception {
        int total = warmup + steps;
        long[] stamps = new long[total + 1];
        TrainingListener timer = new TrainingListener() {
            @Override
            public void evaluated(long seed, EvalPoint point) {
                if (point.step() == 0) {
                    stamps[0] = System.nanoTime();
                }
            }

            @Override
            public void stepDone(long seed, int step, double loss) {
                stamps[step] = System.nanoTime();
            }
        };
        TrainingSpec.Builder b = TrainingSpec.builder().setOptimizer(optimizer, null).setObjective(objective)
                .setSteps(total).optBatchSize(batchSize).optSeeds(List.of(global.seed()))
                .optEvalEvery(total).optEvalSamples(batchSize);
        if (data != null) {
            b.optData(data);
        }
        SeedResult result = new TrainingHarness(timer).runSeed(b.build(), global.seed());
        int timed = Math.max(0, result.updates() - warmup);
        double[] ms = new double[timed];
        for (int i = 0; i < timed; i++) {
            int step = warmup + 1 + i;
            ms[i] = (stamps[step] - stamps[step - 1]) / 1e6;
        }
        Arrays.sort(ms);
        double mean = Arrays.stream(ms).average().orElse(Double.NaN);
        double rss = ResidentMemory.currentBytes().orElse(-1) / (1024.0 * 1024.0);
        return new Row(optimizee, optimizer.name(), timed, percentile(ms, 0.5), percentile(ms, 0.1),
                percentile(ms, 0.9), mean, rss, result.diverged() ? result.divergedAtStep() : null);
    }

    /** Linear interpolation between order statistics; NaN for no data. */
    static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    private static void writeCsv(Path file, List<Row> rows) throws java.io.IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("optimizee,optimizer,timed_steps,median_ms,p10_ms,p90_ms,mean_ms,rss_mib,diverged_at_step");
            w.newLine();
            for (Row r : rows) {
                w.write(String.join(",", r.optimizee(), r.optimizer(), Integer.toString(r.timedSteps()),
                        fmt(r.medianMs()), fmt(r.p10Ms()), fmt(r.p90Ms()), fmt(r.meanMs()),
                        String.format(Locale.ROOT, "%.1f", r.residentMiB()),
                        r.divergedAtStep() == null ? "" : r.divergedAtStep().toString()));
                w.newLine();
            }
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
