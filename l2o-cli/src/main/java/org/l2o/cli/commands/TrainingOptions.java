package org.l2o.cli.commands;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.l2o.api.DataSplits;
import org.l2o.api.DataSpec;
import org.l2o.api.Dataset;
import org.l2o.api.DatasetOptions;
import org.l2o.api.HyperParameters;
import org.l2o.api.Objective;
import org.l2o.api.Optimizee;
import org.l2o.api.Optimizer;
import org.l2o.api.Plugin;
import org.l2o.cli.GlobalOptions;
import org.l2o.cli.support.EngineThreads;
import org.l2o.cli.inject.PluginRegistry;
import org.l2o.cli.support.HyperParameterFlags;
import org.l2o.cli.support.RunManifest;
import org.l2o.optimizers.training.TrainingSpec;
import picocli.CommandLine.Option;

/**
 * The options {@code l2o train} and {@code l2o sweep} share ({@code @Mixin}), and their
 * resolution into plugins, data and a {@link TrainingSpec}. Hyperparameters of the chosen
 * optimizer, optimizee and dataset are given as extra flags ({@code --lr 0.1},
 * {@code --optimizer.momentum=0.9}), parsed by {@link HyperParameterFlags}.
 */
public final class TrainingOptions {

    /** The dataset used when an optimizee needs data and none is named. */
    public static final String DEFAULT_DATASET = "mnist";

    @Option(names = "--optimizer", required = true, paramLabel = "NAME|PATH",
            description = "Optimizer: a registered name (see 'l2o plugins') or a file holding a learned optimizer.")
    String optimizer;

    @Option(names = "--optimizee", required = true, paramLabel = "NAME",
            description = "Optimizee (model and loss), e.g. mlp-relu, conv-mnist, quadratic.")
    String optimizee;

    @Option(names = "--dataset", paramLabel = "NAME",
            description = "Dataset for optimizees that need data (default: " + DEFAULT_DATASET + ").")
    String dataset;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Folder the dataset reads from (default: the dataset's own location).")
    Path dataDir;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "1000",
            description = "Training steps (updates) per seed (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "128",
            description = "Minibatch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--seeds", paramLabel = "S,S,...", split = ",",
            description = "Seeds, one run each; each seeds the initialization and batch order (default: the value of --seed).")
    List<Long> seeds;

    @Option(names = "--eval-every", paramLabel = "K", defaultValue = "100",
            description = "Evaluate test loss and accuracy every K steps, and at step 0 and the last step (default: ${DEFAULT-VALUE}).")
    int evalEvery;

    @Option(names = "--eval-samples", paramLabel = "N", defaultValue = "0",
            description = "Evaluate on the first N test samples; 0 = the whole test split (default: ${DEFAULT-VALUE}).")
    int evalSamples;

    @Option(names = "--eval-train-samples", paramLabel = "N", defaultValue = "0",
            description = "At each evaluation also compute the loss over the first N samples of the train split (all"
                    + " of it when N is larger): the full-data training loss that the minibatch loss only estimates;"
                    + " 0 = off (default: ${DEFAULT-VALUE}).")
    int evalTrainSamples;

    @Option(names = "--threads", paramLabel = "N",
            description = "PyTorch intra-op threads (default: PyTorch's choice, one per core). 1 is fastest for small"
                    + " models on a busy machine.")
    Integer threads;

    /** Everything resolved: the plugins with their values, the data, the objective. */
    public record Resolved(Optimizer optimizer, HyperParameters optimizerValues, Optimizee optimizee,
            HyperParameters optimizeeValues, Optional<Dataset> dataset, Optional<HyperParameters> datasetValues,
            Optional<DataSplits> data, Objective objective) {

        /** A spec builder with the optimizer, objective and data filled in. */
        public TrainingSpec.Builder specBuilder() {
            TrainingSpec.Builder b = TrainingSpec.builder().setOptimizer(optimizer, optimizerValues)
                    .setObjective(objective);
            data.ifPresent(b::optData);
            return b;
        }

        /** Records the plugins in a manifest. */
        public void describe(RunManifest manifest) {
            manifest.plugin("optimizer", optimizerValues);
            manifest.plugin("optimizee", optimizeeValues);
            datasetValues.ifPresent(v -> manifest.plugin("dataset", v));
        }
    }

    /** Applies {@code --threads}; call before the first use of the engine. */
    public void applyThreads() {
        EngineThreads.apply(threads);
    }

    /** A spec builder for the resolved plugins with these options' steps, batch size, seeds and evaluation. */
    public TrainingSpec.Builder specBuilder(Resolved resolved, GlobalOptions global) {
        return resolved.specBuilder().setSteps(steps).optBatchSize(batchSize).optSeeds(seeds(global))
                .optEvalEvery(evalEvery).optEvalSamples(evalSamples).optEvalTrainSamples(evalTrainSamples);
    }

    /** The seeds to run: {@code --seeds}, else the global {@code --seed}. */
    public List<Long> seeds(GlobalOptions global) {
        return seeds == null || seeds.isEmpty() ? List.of(global.seed()) : List.copyOf(seeds);
    }

    /**
     * Looks up the plugins, parses their hyperparameter flags, loads the data and builds the objective.
     *
     * @param extraFlags the words picocli did not match ({@code --lr 0.1} and the like)
     */
    public Resolved resolve(GlobalOptions global, List<String> extraFlags) throws IOException {
        PluginRegistry registry = global.registry();
        Optimizer opt = new OptimizerResolver(registry).resolve(optimizer);
        Optimizee model = registry.optimizee(optimizee);
        Dataset data = datasetFor(registry, model, dataset);
        Map<String, Plugin> roles = new LinkedHashMap<>();
        roles.put("optimizer", opt);
        roles.put("optimizee", model);
        if (data != null) {
            roles.put("dataset", data);
        }
        HyperParameterFlags flags = new HyperParameterFlags(roles).parse(extraFlags == null ? List.of() : extraFlags);
        HyperParameters optValues = flags.of("optimizer");
        HyperParameters modelValues = flags.of("optimizee");
        Optional<HyperParameters> dataValues = Optional.empty();
        Optional<DataSplits> splits = Optional.empty();
        DataSpec spec = DataSpec.NONE;
        if (data != null) {
            dataValues = Optional.of(flags.of("dataset"));
            DataSplits loaded = data.load(dataValues.get(), new DatasetOptions(Optional.ofNullable(dataDir), global.seed()));
            splits = Optional.of(loaded);
            spec = loaded.spec();
        }
        Objective objective = model.create(modelValues, spec);
        return new Resolved(opt, optValues, model, modelValues, Optional.ofNullable(data), dataValues, splits, objective);
    }

    /**
     * The dataset an optimizee trains on: {@code --dataset} or {@link #DEFAULT_DATASET} when it needs
     * data, {@code null} when it takes none.
     *
     * @throws IllegalArgumentException when {@code --dataset} is given for an optimizee without data
     */
    static Dataset datasetFor(PluginRegistry registry, Optimizee model, String dataset) {
        if (model.needsData()) {
            return registry.dataset(dataset == null ? DEFAULT_DATASET : dataset);
        }
        if (dataset != null) {
            throw new IllegalArgumentException("--dataset " + dataset + ": optimizee '" + model.name()
                    + "' takes no data");
        }
        return null;
    }

    /** Puts the shared settings into a manifest. */
    public void describe(RunManifest manifest, GlobalOptions global) {
        manifest.put("steps", steps).put("batchSize", batchSize).put("seeds", seeds(global))
                .put("evalEvery", evalEvery).put("evalSamples", evalSamples).put("evalTrainSamples", evalTrainSamples)
                .put("threads", threads == null ? "default" : threads)
                .put("dataDir", dataDir == null ? null : dataDir.toString());
    }
}
