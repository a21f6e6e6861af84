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
 * With several rounds the optimizers take turns on each optimizee, so that a slow phase of a shared
 * machine falls on all of them alike, and each row reports its median ratio to the first optimizer
 * over the rounds (the ratio of the two medians of each round).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Time training steps: for each optimizer and optimizee, run --warmup untimed steps, then time --steps"
                    + " steps one by one with the training harness and report the median milliseconds per step.",
            "With --rounds R the optimizers take turns R times on each optimizee, and each row also reports its"
                    + " median ratio to the first optimizer over the rounds.",
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

    @Option(names = "--rounds", paramLabel = "R", defaultValue = "1",
            description = "Times the optimizers take turns on each optimizee, each time --warmup + --steps steps from a"
                    + " fresh start; the table pools the timed steps of all rounds (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--threads", paramLabel = "N",
            description = "PyTorch intra-op threads (default: PyTorch's choice, one per core).")
    Integer threads;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /**
     * One measured combination.
     *
     * @param ratioToFirst median over the rounds of this optimizer's median step time divided by the first
     *     optimizer's in the same round (1 for the first optimizer)
     */
    record Row(String optimizee, String optimizer, int timedSteps, double medianMs, double p10Ms, double p90Ms,
            double meanMs, double residentMiB, Integer divergedAtStep, double ratioToFirst) {}

    /** The timed steps of one round of one optimizer. */
    private record Round(double[] sortedMs, double residentMiB, Integer divergedAtStep) {}

    @Override
    public Integer call() throws Exception {
        if (steps < 1 || warmup < 0) {
            throw new IllegalArgumentException("--steps must be at least 1 and --warmup at least 0");
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("--rounds must be at least 1, got " + rounds);
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
                .put("batchSize", batchSize).put("steps", steps).put("warmup", warmup).put("rounds", rounds)
                .put("seed", global.seed())
                .put("threads", threads == null ? "default" : threads);
        manifest.write(out);

        PrintWriter w = spec.commandLine().getOut();
        String first = opts.get(0).name();
        w.printf(Locale.ROOT, "%-12s %-10s %10s %10s %10s %10s %10s%n", "optimizee", "optimizer", "median ms", "p10 ms",
                "p90 ms", "RSS MiB", "× " + first);
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
            List<List<Round>> byOptimizer = new ArrayList<>();
            opts.forEach(o -> byOptimizer.add(new ArrayList<>()));
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < opts.size(); i++) {
                    byOptimizer.get(i).add(measure(objective, optimizee.needsData() ? data : null, opts.get(i)));
                }
            }
            for (int i = 0; i < opts.size(); i++) {
                Row row = summarize(optimizeeName, opts.get(i).name(), byOptimizer.get(i), byOptimizer.get(0));
                rows.add(row);
                w.printf(Locale.ROOT, "%-12s %-10s %10.3f %10.3f %10.3f %10.0f %10.3f%s%n", row.optimizee(),
                        row.optimizer(), row.medianMs(), row.p10Ms(), row.p90Ms(), row.residentMiB(), row.ratioToFirst(),
                        row.divergedAtStep() == null ? "" : "  (diverged at step " + row.divergedAtStep() + ")");
            }
            w.flush();
        }
        writeCsv(out.resolve("bench.csv"), rows);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("batchSize", batchSize);
        json.put("steps", steps);
        json.put("warmup", warmup);
        json.put("rounds", rounds);
        json.put("threads", threads == null ? "default" : threads);
        json.put("results", rows);
        RunOutputs.writeJson(out.resolve("bench.json"), json);
        w.println("results in " + out);
        w.flush();
        return 0;
    }

    private static Row summarize(String optimizee, String optimizer, List<Round> mine, List<Round> first) {
        double[] all = mine.stream().flatMapToDouble(r -> Arrays.stream(r.sortedMs())).sorted().toArray();
        double[] ratios = new double[mine.size()];
        for (int r = 0; r < ratios.length; r++) {
            ratios[r] = percentile(mine.get(r).sortedMs(), 0.5) / percentile(first.get(r).sortedMs(), 0.5);
        }
        Arrays.sort(ratios);
        Integer diverged = mine.stream().map(Round::divergedAtStep).filter(java.util.Objects::nonNull).findFirst()
                .orElse(null);
        return new Row(optimizee, optimizer, all.length, percentile(all, 0.5), percentile(all, 0.1),
                percentile(all, 0.9), Arrays.stream(all).average().orElse(Double.NaN),
                mine.get(mine.size() - 1).residentMiB(), diverged, percentile(ratios, 0.5));
    }

    private Round measure(Objective objective, DataSplits data, Optimizer optimizer) throws Exception {
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
        double rss = ResidentMemory.currentBytes().orElse(-1) / (1024.0 * 1024.0);
        return new Round(ms, rss, result.diverged() ? result.divergedAtStep() : null);
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
            w.write("optimizee,optimizer,timed_steps,median_ms,p10_ms,p90_ms,mean_ms,rss_mib,diverged_at_step,"
                    + "ratio_to_first");
            w.newLine();
            for (Row r : rows) {
                w.write(String.join(",", r.optimizee(), r.optimizer(), Integer.toString(r.timedSteps()),
                        fmt(r.medianMs()), fmt(r.p10Ms()), fmt(r.p90Ms()), fmt(r.meanMs()),
                        String.format(Locale.ROOT, "%.1f", r.residentMiB()),
                        r.divergedAtStep() == null ? "" : r.divergedAtStep().toString(), fmt(r.ratioToFirst())));
                w.newLine();
            }
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
