package org.l2o.cli.commands;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.l2o.api.DataSpec;
import org.l2o.api.DataSplits;
import org.l2o.api.Dataset;
import org.l2o.api.DatasetOptions;
import org.l2o.api.HyperParameters;
import org.l2o.api.Objective;
import org.l2o.api.Optimizee;
import org.l2o.api.Optimizer;
import org.l2o.api.Plugin;
import org.l2o.api.Regularizer;
import org.l2o.api.RegularizerTerm;
import org.l2o.cli.GlobalOptions;
import org.l2o.cli.support.EngineThreads;
import org.l2o.cli.inject.PluginRegistry;
import org.l2o.cli.support.HyperParameterFlags;
import org.l2o.cli.support.Progress;
import org.l2o.cli.support.Provenance;
import org.l2o.cli.support.RunManifest;
import org.l2o.optimizers.learned.LearnedOptimizer;
import org.l2o.optimizers.learned.MetaGradient;
import org.l2o.optimizers.learned.MetaRecipe;
import org.l2o.optimizers.meta.CurvatureOracleFactory;
import org.l2o.optimizers.meta.Curriculum;
import org.l2o.optimizers.meta.EpochResult;
import org.l2o.optimizers.meta.MetaTrainer;
import org.l2o.optimizers.meta.MetaTrainingListener;
import org.l2o.optimizers.meta.MetaTrainingRun;
import org.l2o.optimizers.meta.SavedOptimizer;
import org.l2o.optimizers.meta.TaskSampler;
import org.l2o.optimizers.meta.ValidationCriterion;
import org.l2o.optimizers.meta.ValidationResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code l2o meta-train}: meta-trains a learned optimizer and writes it ({@code optimizer.json} +
 * {@code optimizer.npz}), the meta-training curves ({@code meta-training.csv},
 * {@code validation.csv}, {@code meta-training.png}), {@code manifest.json} and checkpoints.
 */
@Command(name = "meta-train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Meta-train a learned optimizer (l2o-dm, l2o-dm-cl, l2o-scale) on an optimizee; write the trained optimizer"
                    + " (optimizer.json + optimizer.npz, load it with 'l2o train --optimizer DIR'), meta-training.csv,"
                    + " validation.csv, meta-training.png, manifest.json and checkpoint/ into --out.",
            "Hyperparameters of the optimizer, optimizee, dataset and regularizer are extra flags, e.g. --k 10,"
                    + " --hidden 20 ('l2o plugins' lists them)."
        })
public final class MetaTrainCommand implements Callable<Integer> {

    @Mixin
    GlobalOptions global;

    @Option(names = "--optimizer", defaultValue = "l2o-dm", paramLabel = "NAME",
            description = "Learned optimizer architecture: l2o-dm, l2o-dm-cl or l2o-scale (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--optimizee", defaultValue = "mlp-sigmoid", paramLabel = "NAME",
            description = "Optimizee to meta-train on (default: ${DEFAULT-VALUE}).")
    String optimizee;

    @Option(names = "--dataset", paramLabel = "NAME",
            description = "Dataset for optimizees that need data (default: " + TrainingOptions.DEFAULT_DATASET + ").")
    String dataset;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder the dataset reads from.")
    Path dataDir;

    @Option(names = "--epochs", defaultValue = "100", paramLabel = "N",
            description = "Meta-training epochs; each draws a fresh optimizee and optimizer state (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--unroll", paramLabel = "T",
            description = "Optimizee steps per truncated unroll, one meta-gradient step each (default: the architecture's"
                    + " recipe, 20).")
    Integer unroll;

    @Option(names = "--steps-per-epoch", paramLabel = "S",
            description = "Optimizee steps per epoch (default: the recipe, 100; l2o-dm-cl takes the curriculum's horizons).")
    Integer stepsPerEpoch;

    @Option(names = "--batch-size", defaultValue = "128", paramLabel = "B",
            description = "Minibatch size of the optimizee (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--meta-loss", paramLabel = "KIND",
            description = "sum (Σ_t L(θ_t), L2O-DM) or mean-log-relative ((1/T)Σ_t log(L(θ_t)/L(θ_0)), L2O-Scale)"
                    + " (default: the recipe).")
    String metaLoss;

    @Option(names = "--meta-optimizer", paramLabel = "KIND",
            description = "adam or rmsprop (default: the recipe: adam, rmsprop for l2o-scale).")
    String metaOptimizer;

    @Option(names = "--meta-lr", paramLabel = "LR", description = "Meta learning rate (default: the recipe, 1e-3).")
    Double metaLr;

    @Option(names = "--clip-norm", paramLabel = "C",
            description = "Largest global L2 norm of a meta-gradient; larger ones are scaled down (default: the recipe).")
    Double clipNorm;

    @Option(names = "--regularizer", paramLabel = "NAME",
            description = "Flatness regularizer added to the meta-objective as λ·R(θ_T) (default: none).")
    String regularizer;

    @Option(names = "--lambda", defaultValue = "0", paramLabel = "λ",
            description = "Weight λ of the regularizer (default: ${DEFAULT-VALUE}).")
    double lambda;

    @Option(names = "--validate-every", defaultValue = "10", paramLabel = "K",
            description = "Validate every K epochs on fresh optimizees and keep the best optimizer; 0 = never, then the"
                    + " last is kept (default: ${DEFAULT-VALUE}).")
    int validateEvery;

    @Option(names = "--validation-runs", defaultValue = "5", paramLabel = "N",
            description = "Optimizee runs per validation (default: ${DEFAULT-VALUE}).")
    int validationRuns;

    @Option(names = "--select-on", defaultValue = "last-unroll", paramLabel = "CRITERION",
            description = "What a validation compares: last-unroll (mean minibatch loss over each run's last unroll,"
                    + " as the reference L2O-DM evaluation), trajectory (mean minibatch loss over the whole horizon) or"
                    + " train-split (loss over the optimizee's training data after the last step, see"
                    + " --validation-samples) (default: ${DEFAULT-VALUE}).")
    String selectOn;

    @Option(names = "--validation-samples", defaultValue = "10000", paramLabel = "N",
            description = "--select-on train-split: how many training samples (the first N, all if fewer) the loss"
                    + " after the last step is taken over (default: ${DEFAULT-VALUE}).")
    int validationSamples;

    @Option(names = "--curriculum", split = ",", paramLabel = "H,H,...",
            description = "l2o-dm-cl horizons (default: 100,200,500,1000,1500,2000,2500,3000).")
    List<Integer> curriculum;

    @Option(names = "--patience", defaultValue = "3", paramLabel = "N",
            description = "l2o-dm-cl: validations without improvement before the next stage (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--imitation", split = ",", paramLabel = "F,F,...",
            description = "l2o-dm-cl: fraction of imitation epochs per stage, the last repeating (default: 0,0.1,0.3,0.5).")
    List<Double> imitation;

    @Option(names = "--teacher-lr", defaultValue = "0.01", paramLabel = "LR",
            description = "Learning rate of the Adam teacher of imitation epochs (l2o-dm-cl, --imitation-epochs)"
                    + " (default: ${DEFAULT-VALUE}).")
    double teacherLr;

    @Option(names = "--imitation-epochs", defaultValue = "0", paramLabel = "N",
            description = "Not in the L2O-DM recipe: the first N epochs imitate an Adam teacher (--teacher-lr), the"
                    + " mean squared difference of the updates, before the meta-loss takes over; not with l2o-dm-cl,"
                    + " whose curriculum schedules imitation (default: ${DEFAULT-VALUE}).")
    int imitationEpochs;

    @Option(names = "--restore-best", defaultValue = "0", paramLabel = "N",
            description = "Guard against collapse (not in the reference recipes): after N validations without"
                    + " improvement restore the best optimizer, reset the meta-optimizer and scale its learning rate by"
                    + " --restore-decay; 0 = off (default: ${DEFAULT-VALUE}).")
    int restoreBest;

    @Option(names = "--restore-decay", defaultValue = "0.5", paramLabel = "F",
            description = "Meta learning-rate factor applied on each --restore-best (default: ${DEFAULT-VALUE}).")
    double restoreDecay;

    @Option(names = "--average-phi", defaultValue = "0", paramLabel = "DECAY",
            description = "Not in the reference recipes: validate and save an exponential moving average of the"
                    + " optimizer's parameters over epochs (average <- DECAY*average + (1-DECAY)*phi after each epoch)"
                    + " instead of the last ones; 0 = off (default: ${DEFAULT-VALUE}).")
    double averagePhi;

    @Option(names = "--meta-lr-cosine", defaultValue = "1", paramLabel = "F",
            description = "Not in the reference recipes: anneal the meta learning rate along a cosine over --epochs,"
                    + " from --meta-lr at the first epoch to F times it at the last; a value in (0, 1], 1 = constant"
                    + " (default: ${DEFAULT-VALUE}).")
    double metaLrCosine;

    @Option(names = "--meta-gradient-sample", defaultValue = "1", paramLabel = "F",
            description = "Not in the reference recipes: estimate each meta-gradient from a random share F of each"
                    + " parameter tensor's coordinates (at least " + MetaTrainer.DEFAULT_SAMPLE_MINIMUM + ", all of a"
                    + " smaller tensor), weighted so the estimate is unbiased; the other coordinates step without"
                    + " autograd; l2o-dm and l2o-dm-cl only, with --meta-gradient first-order (it estimates the first-order"
                    + " meta-gradient); 1 = every coordinate (default: ${DEFAULT-VALUE}).")
    double metaGradientSample;

    @Option(names = "--meta-gradient", paramLabel = "exact|first-order",
            description = "exact: the gradients fed to the optimizer count as functions of the optimizee's parameters"
                    + " (the reference L2O-DM code's second_derivatives flag), Hessian-vector products by central"
                    + " differences of gradients, about 1.5x the time of a first-order epoch; l2o-dm and l2o-dm-cl only,"
                    + " not with --meta-gradient-sample. first-order: the gradients are constants (the L2O-DM paper's"
                    + " approximation). Default: exact for l2o-dm and l2o-dm-cl (first order did not beat tuned Adam on"
                    + " mlp-sigmoid, see README), first-order for l2o-scale.")
    String metaGradientName;

    @Option(names = "--release-memory", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Collect garbage after every epoch, which frees the native memory of the buffers DJL makes for"
                    + " minibatches; without it the resident set grows by a quarter or more over 100 epochs (default:"
                    + " on; --no-release-memory turns it off).")
    boolean releaseMemory;

    @Option(names = "--trim-heap",
            description = "Also hand free C-heap pages back to the system after every epoch (glibc malloc_trim): a lower"
                    + " resident set between epochs, the same peak, a little more time (default: off).")
    boolean trimHeap;

    @Option(names = "--checkpoint-every", defaultValue = "10", paramLabel = "N",
            description = "Write a checkpoint every N epochs and at the end; 0 = only at the end (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue the run whose --out was DIR from its last checkpoint (same settings; --epochs may grow).")
    Path resume;

    @Option(names = "--threads", paramLabel = "N",
            description = "PyTorch intra-op threads (default: PyTorch's choice). 1 is fastest on a busy machine.")
    Integer threads;

    @Unmatched
    List<String> hyperParameterFlags;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        EngineThreads.apply(threads);
        Path out = resume != null ? resume : global.outDir("meta-train");
        PluginRegistry registry = global.registry();
        Optimizer chosen = registry.optimizer(optimizer);
        if (!(chosen instanceof LearnedOptimizer arch)) {
            throw new IllegalArgumentException("--optimizer " + optimizer + " is not a learned optimizer; learned ones: "
                    + String.join(", ", registry.names(org.l2o.api.plugin.PluginKind.OPTIMIZER).stream()
                            .filter(n -> registry.optimizer(n) instanceof LearnedOptimizer).toList()));
        }
        Optimizee model = registry.optimizee(optimizee);
        Dataset data = TrainingOptions.datasetFor(registry, model, dataset);
        Regularizer reg = regularizer == null ? null : registry.regularizer(regularizer);
        if (reg == null && lambda != 0) {
            throw new IllegalArgumentException("--lambda " + lambda + " needs --regularizer");
        }
        Map<String, Plugin> roles = new LinkedHashMap<>();
        roles.put("optimizer", arch);
        roles.put("optimizee", model);
        if (data != null) {
            roles.put("dataset", data);
        }
        if (reg != null) {
            roles.put("regularizer", reg);
        }
        HyperParameterFlags flags = new HyperParameterFlags(roles)
                .parse(hyperParameterFlags == null ? List.of() : hyperParameterFlags);
        HyperParameters archValues = flags.of("optimizer");
        HyperParameters modelValues = flags.of("optimizee");
        TaskSampler tasks;
        String taskName;
        Optional<HyperParameters> dataValues = Optional.empty();
        if (data != null) {
            dataValues = Optional.of(flags.of("dataset"));
            DataSplits splits = data.load(dataValues.get(), new DatasetOptions(Optional.ofNullable(dataDir), global.seed()));
            Objective objective = model.create(modelValues, splits.spec());
            if (batchSize < 1 || batchSize > splits.train().size()) {
                throw new IllegalArgumentException("--batch-size " + batchSize + " must be between 1 and the "
                        + splits.train().size() + " training samples");
            }
            tasks = TaskSampler.of(objective, splits.train(), batchSize);
            taskName = optimizee + " on " + data.name();
        } else {
            tasks = TaskSampler.dataFree(model.create(modelValues, DataSpec.NONE));
            taskName = optimizee;
        }
        MetaRecipe recipe = recipe(arch.recipe());
        Curriculum cl = null;
        if (arch.name().equals("l2o-dm-cl")) {
            Curriculum ref = Curriculum.reference();
            cl = new Curriculum(curriculum == null ? ref.horizons() : curriculum, patience,
                    imitation == null ? ref.imitation() : imitation);
            if (validateEvery < 1) {
                throw new IllegalArgumentException("--validate-every must be >= 1 for l2o-dm-cl (its curriculum validates)");
            }
        } else if (curriculum != null || imitation != null) {
            throw new IllegalArgumentException("--curriculum and --imitation apply to l2o-dm-cl only");
        }
        if (!(metaLrCosine > 0 && metaLrCosine <= 1)) {
            throw new IllegalArgumentException("--meta-lr-cosine " + metaLrCosine
                    + ": expected the final factor of the meta learning rate, in (0, 1] (1 = constant)");
        }
        if (!(metaGradientSample > 0 && metaGradientSample <= 1)) {
            throw new IllegalArgumentException("--meta-gradient-sample " + metaGradientSample
                    + ": expected the share of coordinates, in (0, 1] (1 = every coordinate)");
        }
        if (metaGradientSample < 1 && !arch.network(archValues).coordinatewise()) {
            throw new IllegalArgumentException("--meta-gradient-sample " + metaGradientSample + ": " + arch.name()
                    + " is not coordinatewise, so its meta-gradient needs every coordinate; use 1");
        }
        MetaGradient metaGradient;
        try {
            metaGradient = metaGradientName == null ? arch.defaultMetaGradient() : MetaGradient.parse(metaGradientName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--meta-gradient " + e.getMessage());
        }
        if (metaGradient == MetaGradient.EXACT && !arch.network(archValues).restorableState()) {
            throw new IllegalArgumentException("--meta-gradient exact: " + arch.name()
                    + " cannot re-run a step from a saved state, which exact meta-gradients need (l2o-dm, l2o-dm-cl can)");
        }
        if (metaGradient == MetaGradient.EXACT && metaGradientSample < 1) {
            throw new IllegalArgumentException("--meta-gradient-sample " + metaGradientSample
                    + " estimates the first-order meta-gradient, and " + arch.name() + " meta-trains with exact ones"
                    + (metaGradientName == null ? " by default" : "") + ": add --meta-gradient first-order");
        }
        if (!(averagePhi >= 0 && averagePhi < 1)) {
            throw new IllegalArgumentException("--average-phi " + averagePhi + ": expected a decay in [0, 1) (0 = off)");
        }
        if (imitationEpochs < 0) {
            throw new IllegalArgumentException("--imitation-epochs must be >= 0, got " + imitationEpochs);
        }
        if (validationSamples < 1) {
            throw new IllegalArgumentException("--validation-samples must be >= 1, got " + validationSamples);
        }
        if (imitationEpochs > 0 && cl != null) {
            throw new IllegalArgumentException("--imitation-epochs does not apply to l2o-dm-cl; use --imitation");
        }

        MetaTrainingRun.Builder builder = MetaTrainingRun.builder().setArchitecture(arch, archValues)
                .setTasks(tasks, taskName).optRecipe(recipe).setEpochs(epochs).setSeed(global.seed())
                .optCurriculum(cl).optValidation(validateEvery, validationRuns)
                .optValidationCriterion(criterion())
                .optTrainSplitSamples(validationSamples).optTeacherLearningRate(teacherLr)
                .optRestoreBest(restoreBest, restoreDecay).optAveraging(averagePhi).optImitationWarmup(imitationEpochs)
                .optCosineDecay(metaLrCosine).optMetaGradientSample(metaGradientSample)
                .optMetaGradient(metaGradient)
                .optNativeMemory(releaseMemory, trimHeap)
                .optCheckpoints(out.resolve("checkpoint"), checkpointEvery, resume != null);
        if (reg != null) {
            RegularizerTerm term = reg.create(flags.of("regularizer"));
            builder.optRegularizer(reg.name(), term, lambda, oracleFactory());
        }
        if (resume == null && Files.isRegularFile(out.resolve("checkpoint").resolve(MetaTrainingRun.STATE))) {
            throw new IllegalArgumentException("--out " + out + " already holds a meta-training checkpoint; use --resume "
                    + out + " to continue it, or another --out");
        }

        RunManifest manifest = new RunManifest("meta-train", spec.commandLine().getParseResult().originalArgs());
        manifest.plugin("optimizer", archValues);
        manifest.plugin("optimizee", modelValues);
        dataValues.ifPresent(v -> manifest.plugin("dataset", v));
        if (reg != null) {
            manifest.plugin("regularizer", flags.of("regularizer"));
        }
        manifest.put("epochs", epochs).put("recipe", recipe.toString()).put("batchSize", batchSize)
                .put("seed", global.seed()).put("lambda", lambda).put("curriculum", String.valueOf(cl))
                .put("validateEvery", validateEvery).put("validationRuns", validationRuns).put("selectOn", selectOn)
                .put("validationSamples", validationSamples)
                .put("restoreBest", restoreBest).put("restoreDecay", restoreDecay).put("averagePhi", averagePhi)
                .put("metaLrCosine", metaLrCosine).put("metaGradientSample", metaGradientSample)
                .put("metaGradient", metaGradient.label())
                .put("imitationEpochs", imitationEpochs).put("teacherLr", teacherLr)
                .put("releaseMemory", releaseMemory).put("trimHeap", trimHeap)
                .put("threads", threads == null ? "default" : threads).put("resumedFrom", resume == null ? null : resume.toString());
        manifest.write(out);

        Listener listener = new Listener(global.progress(), epochs, out);
        MetaTrainingRun.Result result;
        try {
            result = builder.optListener(listener).build().run();
        } finally {
            listener.close();
        }
        Map<String, Object> provenance = provenance(optimizee, modelValues, data == null ? null : data.name(), regularizer,
                lambda, global.seed(), result, recipe, metaGradient, batchSize);
        provenance.put("curriculum", cl == null ? null : cl.toString());
        if (imitationEpochs > 0) {
            provenance.put("imitationWarmup", imitationEpochs + " epochs, Adam teacher lr " + teacherLr);
        }
        if (metaGradientSample < 1) {
            provenance.put("metaGradientSample", metaGradientSample);
        }
        SavedOptimizer.save(out, arch, archValues, result.optimizer(), provenance);
        writeCurves(out, result);
        MetaTrainingPlot.write(out.resolve("meta-training.png"), arch.name() + " on " + taskName, result.history(),
                result.validations());
        print(spec.commandLine().getOut(), result, out);
        return 0;
    }

    /**
     * What a saved optimizer records of its training (the command adds what only it knows, such as
     * the curriculum): optimizee, dataset, regularizer and λ, seed, epochs, recipe, versions, commit.
     */
    static Map<String, Object> provenance(String optimizee, HyperParameters optimizeeValues, String dataset,
            String regularizer, double lambda, long seed, MetaTrainingRun.Result result, MetaRecipe recipe,
            MetaGradient metaGradient, int batchSize) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("optimizee", optimizee);
        p.put("optimizeeHyperParameters", optimizeeValues.asMap());
        p.put("dataset", dataset);
        p.put("regularizer", regularizer);
        p.put("lambda", lambda);
        p.put("seed", seed);
        p.put("epochs", result.epochs());
        p.put("recipe", recipe.toString());
        p.put("metaGradient", metaGradient.label());
        p.put("batchSize", batchSize);
        p.put("selected", result.validations().isEmpty() ? "last epoch" : "best validation");
        p.put("versions", RunManifest.versions());
        p.put("gitCommit", Provenance.gitCommit());
        return p;
    }

    private MetaRecipe recipe(MetaRecipe base) {
        MetaRecipe r = base;
        if (unroll != null) {
            r = r.withUnroll(unroll);
        }
        if (stepsPerEpoch != null) {
            r = r.withStepsPerEpoch(stepsPerEpoch);
        }
        if (metaLoss != null) {
            r = r.withMetaLoss(switch (metaLoss.toLowerCase(Locale.ROOT)) {
                case "sum" -> MetaRecipe.MetaLoss.SUM;
                case "mean-log-relative" -> MetaRecipe.MetaLoss.MEAN_LOG_RELATIVE;
                default -> throw new IllegalArgumentException("--meta-loss " + metaLoss
                        + ": expected sum or mean-log-relative");
            });
        }
        if (metaOptimizer != null || metaLr != null) {
            MetaRecipe.MetaOptimizerKind kind = r.metaOptimizer();
            if (metaOptimizer != null) {
                kind = switch (metaOptimizer.toLowerCase(Locale.ROOT)) {
                    case "adam" -> MetaRecipe.MetaOptimizerKind.ADAM;
                    case "rmsprop" -> MetaRecipe.MetaOptimizerKind.RMSPROP;
                    default -> throw new IllegalArgumentException("--meta-optimizer " + metaOptimizer
                            + ": expected adam or rmsprop");
                };
            }
            r = r.withMetaOptimizer(kind, metaLr == null ? r.metaLearningRate() : metaLr);
        }
        if (clipNorm != null) {
            r = r.withClipNorm(clipNorm);
        }
        return r;
    }

    /** The regularizers' oracle; meta-training calls it with no gradient collector open, so it opens its own. */
    static CurvatureOracleFactory oracleFactory() {
        return org.l2o.regularizers.curvature.ObjectiveCurvatureOracle::new;
    }

    static void writeCurves(Path out, MetaTrainingRun.Result result) throws IOException {
        writeCurves(out, result.history(), result.validations());
    }

    /** {@code meta-training.csv} and {@code validation.csv} in {@code out}, rewritten whole. */
    static void writeCurves(Path out, List<EpochResult> history, List<ValidationResult> validations)
            throws IOException {
        writeHistory(out.resolve("meta-training.csv"), history);
        Files.writeString(out.resolve("validation.csv"),
                table(ValidationResult.csvHeader(), validations.stream().map(ValidationResult::csvRow).toList()),
                StandardCharsets.UTF_8);
    }

    /** The per-epoch meta-training curve as CSV. */
    static void writeHistory(Path file, List<EpochResult> history) throws IOException {
        Files.writeString(file, table(EpochResult.csvHeader(), history.stream().map(EpochResult::csvRow).toList()),
                StandardCharsets.UTF_8);
    }

    private static String table(String header, List<String> rows) {
        StringBuilder csv = new StringBuilder(header).append('\n');
        rows.forEach(r -> csv.append(r).append('\n'));
        return csv.toString();
    }

    private ValidationCriterion criterion() {
        try {
            return ValidationCriterion.parse(selectOn);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--select-on " + selectOn + ": expected " + ValidationCriterion.choices(), e);
        }
    }

    private static void print(PrintWriter w, MetaTrainingRun.Result result, Path out) {
        List<EpochResult> h = result.history();
        EpochResult last = h.get(h.size() - 1);
        int skipped = h.stream().mapToInt(EpochResult::skipped).sum();
        w.printf(Locale.ROOT, "meta-trained %d epochs%s; last epoch: meta-loss %.4g, mean loss %.4g, final loss %.4g;"
                + " %d non-finite meta-gradients skipped%n", result.epochs(), result.resumed() ? " (resumed)" : "",
                last.metaLoss(), last.meanLoss(), last.finalLoss(), skipped);
        result.validations().stream().filter(ValidationResult::best).reduce((a, b) -> b).ifPresent(v ->
                w.printf(Locale.ROOT, "best validation at epoch %d: mean loss %.4g, last-unroll loss %.4g, final loss %.4g"
                        + "%s over %d steps%n", v.epoch(), v.meanLoss(), v.lastUnrollLoss(), v.finalLoss(),
                        Double.isNaN(v.trainSplitLoss()) ? ""
                                : String.format(Locale.ROOT, ", train-split loss %.4g", v.trainSplitLoss()),
                        v.horizon()));
        w.println("optimizer saved in " + out + " (use: l2o train --optimizer " + out + " ...)");
        w.flush();
    }

    /** Progress bar or log lines over epochs, with the meta-loss; the CSV files grow as the run goes. */
    private static final class Listener implements MetaTrainingListener, AutoCloseable {
        private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MetaTrainCommand.class);
        private final Progress progress;
        private final Path out;
        private String lastValidation = "";

        Listener(Progress.Mode mode, int epochs, Path out) {
            this.progress = Progress.start(mode, "meta-train", epochs);
            this.out = out;
        }

        @Override
        public void started(List<EpochResult> history, List<ValidationResult> validations) {
            try {
                writeCurves(out, history, validations);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private void append(String file, String row) {
            try {
                Files.writeString(out.resolve(file), row + "\n", StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void restored(long epoch, double metaLearningRate) {
            LOG.info("epoch {}: restored the best optimizer, meta learning rate now {}", epoch, metaLearningRate);
        }

        @Override
        public void epochDone(EpochResult r, int totalEpochs) {
            append("meta-training.csv", r.csvRow());
            progress.step(r.epoch() + 1, String.format(Locale.ROOT, "meta-loss %.4g loss %.4g%s%s", r.metaLoss(),
                    r.finalLoss(), r.imitation() ? " (imitation)" : "", lastValidation));
        }

        @Override
        public void validated(ValidationResult v) {
            append("validation.csv", v.csvRow());
            lastValidation = String.format(Locale.ROOT, " val %.4g%s", v.score(), v.best() ? "*" : "");
        }

        @Override
        public void close() {
            progress.close();
        }
    }
}
