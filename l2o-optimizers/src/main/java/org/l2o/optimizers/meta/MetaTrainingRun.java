package org.l2o.optimizers.meta;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import ai.djl.training.tracker.CosineTracker;
import org.l2o.api.HyperParameters;
import org.l2o.api.RegularizerTerm;
import org.l2o.optimizers.io.AtomicFiles;
import org.l2o.optimizers.io.FileFormatException;
import org.l2o.optimizers.io.Npz;
import org.l2o.optimizers.learned.LearnedNetwork;
import org.l2o.optimizers.learned.LearnedOptimizer;
import org.l2o.optimizers.learned.MetaGradient;
import org.l2o.optimizers.learned.MetaParameters;
import org.l2o.optimizers.learned.MetaRecipe;
import org.l2o.optimizers.learned.TrainedOptimizer;
import org.l2o.optimizers.training.NativeMemory;
import org.l2o.optimizers.training.ResidentMemory;

/**
 * A whole meta-training run: epochs of {@link MetaTrainer}, periodic validation with best-φ
 * tracking (the reference L2O-DM code keeps the best validated optimizer), an optional
 * {@link Curriculum} (L2O-DM-CL) with imitation epochs, and checkpoints.
 *
 * <p>Checkpoints hold the full state: φ, the meta-optimizer's moments and step count, the next
 * epoch, the curriculum stage and patience, the best validation and its φ, and the history. The
 * random state needs no saving: every random choice of an epoch derives from (seed, epoch) (see
 * {@link Seeds}), so a resumed run continues exactly as the uninterrupted one would. Files are
 * written under epoch-stamped names first and committed by atomically replacing
 * {@value #STATE}, so a crash at any moment leaves the previous checkpoint intact.
 *
 * <p>Optional guard against collapse ({@link Builder#optRestoreBest}, not part of the reference
 * recipes): after a number of validations without improvement the best φ is restored, the
 * meta-optimizer's moments are reset and its learning rate is scaled down. First-order truncated
 * meta-training can drive the optimizee into a flat region (for example saturated sigmoid units)
 * where the surrogate's gradients vanish, and then never leaves it; this returns to the last good φ
 * with smaller meta-steps.
 *
 * <p>Optional averaging of φ ({@link Builder#optAveraging}, not part of the reference recipes): an
 * exponential moving average of φ over epochs is what validation judges and what is saved. The
 * iterates of noisy first-order meta-training wander (validation losses of consecutive iterates
 * differ by a factor of two and more); their average sits nearer the middle of where they wander.
 *
 * <p>Lifecycle: configure with {@link #builder()}, {@link #run()} once, from one thread.
 */
public final class MetaTrainingRun {

    /** The checkpoint's commit record. */
    public static final String STATE = "checkpoint.json";
    /** The value of the checkpoint's {@code format} field. */
    public static final String FORMAT = "l2o-meta-training-checkpoint";
    /** Training samples the train-split validation criterion evaluates unless told otherwise. */
    public static final int DEFAULT_TRAIN_SPLIT_SAMPLES = 10_000;

    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /** Fingerprint entries added after format version 1 was first written, with the value they stand for when absent. */
    private static final Map<String, String> ADDED_LATER = Map.of("imitationWarmup", "0",
            "criterion", "trajectory", "averaging", "0.0", "cosineFinal", "1.0", "metaGradientSample", "1.0",
            "secondDerivatives", "false");

    private final Builder b;
    private final LearnedNetwork network;
    private MetaParameters phi;
    private MetaOptimizer metaOptimizer;
    private long nextEpoch;
    private int stage;
    private int patience;
    private double bestValidation = Double.POSITIVE_INFINITY;
    private MetaParameters bestPhi;
    /** The exponential average of φ over epochs; null without averaging. */
    private MetaParameters average;
    private boolean finished;
    private boolean resumed;
    private final List<EpochResult> history = new ArrayList<>();
    private final List<ValidationResult> validations = new ArrayList<>();

    private MetaTrainingRun(Builder builder) {
        this.b = builder;
        this.network = builder.architecture.network(builder.settings);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * What a run produced.
     *
     * @param optimizer the best validated φ (the last φ without validation)
     * @param last φ after the last epoch
     * @param history one result per epoch, including those before a resume
     * @param validations every validation
     * @param epochs epochs trained in total
     * @param resumed whether the run continued from a checkpoint
     * @param stage the final curriculum stage
     */
    public record Result(MetaParameters optimizer, MetaParameters last, List<EpochResult> history,
            List<ValidationResult> validations, long epochs, boolean resumed, int stage) {}

    /** Trains until the epoch budget is spent or the curriculum ends; writes checkpoints as configured. */
    public Result run() throws IOException {
        phi = network.initialize(Seeds.mix(b.seed, 0x1417));
        metaOptimizer = new MetaOptimizer(b.recipe.metaOptimizer(), b.recipe.metaLearningRate(), phi);
        average = b.averaging > 0 ? phi.copy() : null;
        if (b.resume) {
            restore();
        }
        MetaTrainer trainer = new MetaTrainer(network, phi, metaOptimizer, b.tasks, b.recipe, b.seed)
                .teacherLearningRate(b.teacherLearningRate)
                .coordinateSample(b.sampleFraction, b.sampleMinimum);
        if (b.regularizer != null) {
            trainer.regularizer(b.regularizer, b.lambda, b.oracles);
        }
        trainer.secondDerivatives(b.metaGradient == MetaGradient.EXACT);
        b.listener.started(List.copyOf(history), List.copyOf(validations));
        if (b.curriculum != null) {
            b.listener.stageStarted(stage, b.curriculum.horizon(stage));
        }
        while (nextEpoch < b.epochs && !finished) {
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
            long epoch = nextEpoch;
            int horizon = b.curriculum == null ? b.recipe.stepsPerEpoch() : b.curriculum.horizon(stage);
            boolean imitation = b.curriculum != null
                    ? new SplittableRandom(Seeds.mix(b.seed, epoch, 0x1A1A)).nextDouble()
                            < b.curriculum.imitationFraction(stage)
                    : epoch < b.imitationWarmup;
            if (b.curriculum == null && b.imitationWarmup > 0 && epoch == b.imitationWarmup) {
                // the imitation loss's gradients have another scale than the meta-loss's: Adam moments
                // carried over would turn the first meta-steps into jumps that undo the imitation
                metaOptimizer.reset();
            }
            if (b.cosineFinal < 1) {
                metaOptimizer.setScale(cosineFactor(epoch));
            }
            EpochResult r = trainer.trainEpoch(epoch, stage, horizon, imitation);
            if (b.releaseMemory) {
                NativeMemory.release();
            }
            if (b.trimHeap) {
                NativeMemory.trimHeap();
            }
            if (average != null) {
                average.moveTowards(phi, 1 - b.averaging);
            }
            r = r.withMemory(ResidentMemory.currentBytes().orElse(-1), ResidentMemory.peakBytes().orElse(-1));
            history.add(r);
            nextEpoch++;
            b.listener.epochDone(r, b.epochs);
            if (b.validateEvery > 0 && nextEpoch % b.validateEvery == 0) {
                validate();
            }
            boolean last = finished || nextEpoch >= b.epochs;
            if (b.checkpointDir != null && b.checkpointEvery > 0 && (nextEpoch % b.checkpointEvery == 0 || last)) {
                checkpoint();
                b.listener.checkpointed(nextEpoch, b.checkpointDir);
            }
        }
        MetaParameters chosen = bestPhi != null ? bestPhi : average != null ? average : phi;
        return new Result(chosen.copy(), phi.copy(), List.copyOf(history), List.copyOf(validations), nextEpoch,
                resumed, stage);
    }

    private void validate() {
        int horizon = b.curriculum == null ? b.recipe.stepsPerEpoch() : b.curriculum.validationHorizon(stage);
        long[] seeds = new long[b.validationRuns];
        for (int i = 0; i < seeds.length; i++) {
            seeds[i] = Seeds.mix(b.seed, -1, i);
        }
        MetaParameters judged = average != null ? average : phi;
        TrainedOptimizer current = new TrainedOptimizer(b.architecture, b.settings, judged, null, null);
        int splitSamples = b.criterion == ValidationCriterion.TRAIN_SPLIT ? b.trainSplitSamples : 0;
        Evaluation.Result ev = Evaluation.run(current, current.defaults(), b.tasks, horizon, b.recipe.unroll(),
                splitSamples, seeds);
        double score = b.criterion.score(ev);
        boolean improved = score < bestValidation;
        if (improved) {
            bestValidation = score;
            bestPhi = judged.copy();
            patience = 0;
        } else {
            patience++;
        }
        ValidationResult v = new ValidationResult(nextEpoch, stage, horizon, ev.meanLoss(), ev.lastUnrollLoss(),
                ev.finalLoss(), ev.trainSplitLoss(), score, improved);
        validations.add(v);
        b.listener.validated(v);
        if (b.curriculum == null && b.restorePatience > 0 && patience >= b.restorePatience && bestPhi != null) {
            setPhi(bestPhi);
            metaOptimizer.reset();
            metaOptimizer.setLearningRate(metaOptimizer.learningRate() * b.restoreDecay);
            patience = 0;
            b.listener.restored(nextEpoch, metaOptimizer.learningRate());
        }
        if (b.curriculum != null && patience >= b.curriculum.patience()) {
            if (bestPhi != null) {
                setPhi(bestPhi);
            }
            if (stage + 1 < b.curriculum.stages()) {
                stage++;
                patience = 0;
                bestValidation = Double.POSITIVE_INFINITY;
                b.listener.stageStarted(stage, b.curriculum.horizon(stage));
            } else {
                finished = true;
            }
        }
    }

    /** The cosine schedule's factor for an epoch: 1 at the first, {@code cosineFinal} at the last. */
    private double cosineFactor(long epoch) {
        // DJL's tracker counts updates from 0 to maxUpdates; an epoch is one "update" of the schedule
        CosineTracker t = CosineTracker.builder().setBaseValue(1f).optFinalValue((float) b.cosineFinal)
                .setMaxUpdates(Math.max(1, b.epochs - 1)).build();
        return t.getNewValue((int) Math.min(epoch, Integer.MAX_VALUE));
    }

    /** Sets φ, and its average when averaging, to the given values (a restore). */
    private void setPhi(MetaParameters values) {
        phi.setFrom(values);
        if (average != null) {
            average.setFrom(values);
        }
    }

    /** The settings a checkpoint must agree with to be resumed. */
    private Map<String, Object> fingerprint() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("architecture", b.architecture.name());
        f.put("settings", String.valueOf(b.settings.asMap()));
        f.put("recipe", b.recipe.toString());
        f.put("seed", b.seed);
        f.put("curriculum", String.valueOf(b.curriculum));
        f.put("validateEvery", b.validateEvery);
        f.put("validationRuns", b.validationRuns);
        f.put("criterion", b.criterion == ValidationCriterion.TRAIN_SPLIT
                ? b.criterion.label() + "@" + b.trainSplitSamples : b.criterion.label());
        f.put("averaging", b.averaging);
        f.put("cosineFinal", b.cosineFinal);
        f.put("metaGradientSample", b.sampleFraction == 1 ? "1.0" : b.sampleFraction + "@" + b.sampleMinimum);
        f.put("secondDerivatives", String.valueOf(b.metaGradient == MetaGradient.EXACT));
        f.put("regularizer", b.regularizerName);
        f.put("lambda", b.lambda);
        f.put("task", b.taskDescription);
        f.put("restoreBest", b.restorePatience + "x" + b.restoreDecay);
        f.put("imitationWarmup", b.imitationWarmup == 0 ? "0" : b.imitationWarmup + "@" + b.teacherLearningRate);
        return f;
    }

    private void checkpoint() throws IOException {
        Path dir = b.checkpointDir;
        Files.createDirectories(dir);
        String stamp = String.format("%06d", nextEpoch);
        Map<String, Object> files = new LinkedHashMap<>();
        files.put("parameters", writeNpz(dir, "phi-" + stamp + ".npz", SavedOptimizer.arrays(phi)));
        Map<String, Npz.Array> moments = new LinkedHashMap<>();
        List<MetaParameters.Spec> specs = phi.specs();
        for (int i = 0; i < specs.size(); i++) {
            moments.put("m." + specs.get(i).name(), Npz.Array.of(specs.get(i).shape(), metaOptimizer.firstMoments().get(i)));
            moments.put("v." + specs.get(i).name(), Npz.Array.of(specs.get(i).shape(), metaOptimizer.secondMoments().get(i)));
        }
        files.put("moments", writeNpz(dir, "moments-" + stamp + ".npz", moments));
        files.put("average", average == null ? null
                : writeNpz(dir, "average-" + stamp + ".npz", SavedOptimizer.arrays(average)));
        files.put("best", bestPhi == null ? null : writeNpz(dir, "best-" + stamp + ".npz", SavedOptimizer.arrays(bestPhi)));
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("format", FORMAT);
        state.put("formatVersion", 1);
        state.put("fingerprint", fingerprint());
        state.put("nextEpoch", nextEpoch);
        state.put("stage", stage);
        state.put("patience", patience);
        state.put("bestValidation", bestValidation);
        state.put("finished", finished);
        state.put("metaOptimizerSteps", metaOptimizer.steps());
        state.put("metaLearningRate", metaOptimizer.learningRate());
        state.put("files", files);
        state.put("history", history);
        state.put("validations", validations);
        AtomicFiles.write(dir.resolve(STATE), JSON.writeValueAsBytes(state));
        // the commit record now names only the new files; older stamped files can go
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "*.npz")) {
            for (Path p : old) {
                if (!p.getFileName().toString().contains(stamp)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static Map<String, Object> writeNpz(Path dir, String name, Map<String, Npz.Array> arrays) throws IOException {
        byte[] bytes = Npz.toBytes(arrays);
        AtomicFiles.write(dir.resolve(name), bytes);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("file", name);
        f.put("sha256", AtomicFiles.sha256(bytes));
        return f;
    }

    private void restore() throws IOException {
        Path stateFile = b.checkpointDir.resolve(STATE);
        if (!Files.isRegularFile(stateFile)) {
            throw new java.nio.file.NoSuchFileException(stateFile.toString(), null,
                    "no checkpoint to resume from (meta-training writes one every --checkpoint-every epochs)");
        }
        JsonNode s;
        try {
            s = JSON.readTree(Files.readAllBytes(stateFile));
        } catch (JsonProcessingException e) {
            throw new OptimizerFileException(stateFile, "is corrupt or truncated: not valid JSON", e);
        }
        if (s == null || !FORMAT.equals(s.path("format").asText())) {
            throw new OptimizerFileException(stateFile, "is not a meta-training checkpoint");
        }
        Map<String, Object> expected = fingerprint();
        JsonNode saved = s.path("fingerprint");
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, Object> e : expected.entrySet()) {
            String have = saved.path(e.getKey()).isNull() || saved.path(e.getKey()).isMissingNode()
                    ? "null" : saved.path(e.getKey()).asText();
            String want = String.valueOf(e.getValue());
            if (have.equals("null") && want.equals(ADDED_LATER.get(e.getKey()))) {
                continue; // a checkpoint older than the setting, which was then at its default
            }
            if (!have.equals(want)) {
                differences.add(e.getKey() + " was " + have + ", now " + want);
            }
        }
        if (!differences.isEmpty()) {
            throw new OptimizerFileException(stateFile, "was made by a run with other settings; resume with the same"
                    + " settings (" + String.join("; ", differences) + ")");
        }
        JsonNode files = s.path("files");
        phi.setFrom(SavedOptimizer.match(stateFile, b.architecture.name(), network, readChecked(files.path("parameters"))));
        Map<String, Npz.Array> moments = readChecked(files.path("moments"));
        List<double[]> m = new ArrayList<>();
        List<double[]> v = new ArrayList<>();
        for (MetaParameters.Spec spec : phi.specs()) {
            Npz.Array ma = moments.get("m." + spec.name());
            Npz.Array va = moments.get("v." + spec.name());
            if (ma == null || va == null) {
                throw new OptimizerFileException(stateFile, "has no meta-optimizer moments for " + spec.name());
            }
            m.add(ma.values());
            v.add(va.values());
        }
        metaOptimizer.restore(m, v, s.path("metaOptimizerSteps").asLong());
        metaOptimizer.setLearningRate(s.path("metaLearningRate").asDouble(metaOptimizer.learningRate()));
        if (average != null) {
            if (!files.hasNonNull("average")) {
                throw new OptimizerFileException(stateFile, "has no averaged meta-parameters");
            }
            average.setFrom(SavedOptimizer.match(stateFile, b.architecture.name(), network,
                    readChecked(files.path("average"))));
        }
        if (files.hasNonNull("best")) {
            bestPhi = SavedOptimizer.match(stateFile, b.architecture.name(), network, readChecked(files.path("best")));
        }
        nextEpoch = s.path("nextEpoch").asLong();
        stage = s.path("stage").asInt();
        patience = s.path("patience").asInt();
        bestValidation = s.path("bestValidation").asDouble(Double.POSITIVE_INFINITY);
        finished = s.path("finished").asBoolean();
        for (JsonNode h : s.path("history")) {
            history.add(JSON.treeToValue(h, EpochResult.class));
        }
        for (JsonNode h : s.path("validations")) {
            validations.add(JSON.treeToValue(h, ValidationResult.class));
        }
        resumed = true;
    }

    private Map<String, Npz.Array> readChecked(JsonNode entry) throws IOException {
        Path file = b.checkpointDir.resolve(entry.path("file").asText());
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null, "named by " + STATE);
        }
        byte[] bytes = Files.readAllBytes(file);
        if (!AtomicFiles.sha256(bytes).equals(entry.path("sha256").asText())) {
            throw new OptimizerFileException(file, "is corrupt or truncated: its SHA-256 differs from " + STATE);
        }
        try {
            return Npz.read(file);
        } catch (FileFormatException e) {
            throw OptimizerFileException.of(e);
        }
    }

    /** Settings of a run. */
    public static final class Builder {
        private LearnedOptimizer architecture;
        private HyperParameters settings;
        private TaskSampler tasks;
        private String taskDescription = "";
        private MetaRecipe recipe;
        private int epochs = 100;
        private long seed;
        private Curriculum curriculum;
        private int validateEvery;
        private int validationRuns = 5;
        private ValidationCriterion criterion = ValidationCriterion.LAST_UNROLL;
        private int trainSplitSamples = DEFAULT_TRAIN_SPLIT_SAMPLES;
        private double averaging;
        private double cosineFinal = 1;
        private double sampleFraction = 1;
        /** null until {@link #build} resolves it: the architecture's default. */
        private MetaGradient metaGradient;
        private int sampleMinimum = MetaTrainer.DEFAULT_SAMPLE_MINIMUM;
        private RegularizerTerm regularizer;
        private String regularizerName;
        private double lambda;
        private CurvatureOracleFactory oracles;
        private Path checkpointDir;
        private int checkpointEvery = 10;
        private boolean resume;
        private double teacherLearningRate = MetaTrainer.DEFAULT_TEACHER_LR;
        private MetaTrainingListener listener = new MetaTrainingListener() {};
        private int restorePatience;
        private double restoreDecay = 1;
        private int imitationWarmup;
        private boolean releaseMemory = true;
        private boolean trimHeap;

        /** The learned optimizer to train and its settings. */
        public Builder setArchitecture(LearnedOptimizer a, HyperParameters values) {
            this.architecture = a;
            this.settings = values;
            return this;
        }

        /**
         * @param sampler draws training (and validation) optimizees
         * @param description names them, e.g. {@code "mlp-sigmoid on mnist"}; part of the resume check
         */
        public Builder setTasks(TaskSampler sampler, String description) {
            this.tasks = sampler;
            this.taskDescription = description;
            return this;
        }

        /** Unroll, steps per epoch, meta-loss, meta-optimizer (default: the architecture's recipe). */
        public Builder optRecipe(MetaRecipe r) {
            this.recipe = r;
            return this;
        }

        public Builder setEpochs(int n) {
            this.epochs = n;
            return this;
        }

        public Builder setSeed(long s) {
            this.seed = s;
            return this;
        }

        public Builder optCurriculum(Curriculum c) {
            this.curriculum = c;
            return this;
        }

        /**
         * @param everyEpochs validate every this many epochs (0: never)
         * @param runs optimizee runs per validation
         */
        public Builder optValidation(int everyEpochs, int runs) {
            this.validateEvery = everyEpochs;
            this.validationRuns = runs;
            return this;
        }

        /**
         * Validates and saves an exponential moving average of φ over epochs instead of the last φ:
         * after every epoch average ← decay·average + (1 − decay)·φ. 0 (default) turns it off; restores
         * set both φ and the average to the restored values.
         */
        public Builder optAveraging(double decay) {
            if (!(decay >= 0 && decay < 1)) {
                throw new IllegalArgumentException("averaging decay must be in [0, 1), got " + decay);
            }
            this.averaging = decay;
            return this;
        }

        /**
         * Anneals the meta learning rate along a cosine over the epoch budget (not part of the reference
         * recipes): a factor from 1 at the first epoch down to {@code finalFactor} at the last, applied on
         * top of the base rate (which {@link #optRestoreBest} may lower). 1 (default) keeps it constant.
         * A resume with a larger epoch budget stretches the rest of the curve.
         */
        public Builder optCosineDecay(double finalFactor) {
            if (!(finalFactor > 0 && finalFactor <= 1)) {
                throw new IllegalArgumentException("cosine decay's final factor must be in (0, 1], got " + finalFactor);
            }
            this.cosineFinal = finalFactor;
            return this;
        }

        /**
         * Estimates meta-gradients from a share of the optimizee's coordinates (coordinatewise architectures
         * only; not part of the reference recipes): see {@link MetaTrainer#coordinateSample}. 1 (default)
         * uses every coordinate.
         */
        public Builder optMetaGradientSample(double fraction) {
            return optMetaGradientSample(fraction, MetaTrainer.DEFAULT_SAMPLE_MINIMUM);
        }

        /** As {@link #optMetaGradientSample(double)}, keeping at least {@code minimumPerTensor} coordinates per tensor. */
        public Builder optMetaGradientSample(double fraction, int minimumPerTensor) {
            if (!(fraction > 0 && fraction <= 1)) {
                throw new IllegalArgumentException("meta-gradient sample fraction must be in (0, 1], got " + fraction);
            }
            if (minimumPerTensor < 0) {
                throw new IllegalArgumentException("minimum coordinates per tensor must be >= 0, got " + minimumPerTensor);
            }
            this.sampleFraction = fraction;
            this.sampleMinimum = minimumPerTensor;
            return this;
        }

        /**
         * The meta-gradient (default: the architecture's {@link LearnedOptimizer#defaultMetaGradient()});
         * exact needs a restorable network state and no coordinate sample, see
         * {@link MetaTrainer#secondDerivatives}.
         */
        public Builder optMetaGradient(MetaGradient m) {
            this.metaGradient = Objects.requireNonNull(m, "meta-gradient");
            return this;
        }

        /** The meta-gradient the run uses: the one set, or the architecture's default. */
        public MetaGradient metaGradient() {
            return metaGradient != null ? metaGradient : architecture.defaultMetaGradient();
        }

        /** What validation compares (default: {@link ValidationCriterion#LAST_UNROLL}, as the reference). */
        public Builder optValidationCriterion(ValidationCriterion c) {
            this.criterion = Objects.requireNonNull(c, "criterion");
            return this;
        }

        /**
         * How many training samples (the first ones) {@link ValidationCriterion#TRAIN_SPLIT} evaluates
         * (default {@value MetaTrainingRun#DEFAULT_TRAIN_SPLIT_SAMPLES}; all when the split is smaller).
         */
        public Builder optTrainSplitSamples(int samples) {
            if (samples < 1) {
                throw new IllegalArgumentException("train-split samples must be >= 1, got " + samples);
            }
            this.trainSplitSamples = samples;
            return this;
        }

        public Builder optRegularizer(String name, RegularizerTerm term, double weight, CurvatureOracleFactory factory) {
            this.regularizerName = name;
            this.regularizer = term;
            this.lambda = weight;
            this.oracles = factory;
            return this;
        }

        /**
         * @param dir where checkpoints go
         * @param everyEpochs write one every this many epochs and at the end (0: only at the end)
         * @param resumeFromIt continue from the checkpoint in {@code dir}
         */
        public Builder optCheckpoints(Path dir, int everyEpochs, boolean resumeFromIt) {
            this.checkpointDir = dir;
            this.checkpointEvery = everyEpochs == 0 ? Integer.MAX_VALUE : everyEpochs;
            this.resume = resumeFromIt;
            return this;
        }

        /**
         * Restores the best φ after {@code patience} validations without improvement (0: never), resets the
         * meta-optimizer and multiplies its learning rate by {@code decay}. Ignored with a curriculum, which
         * restores on its own.
         */
        public Builder optRestoreBest(int patience, double decay) {
            if (patience < 0 || !(decay > 0 && decay <= 1)) {
                throw new IllegalArgumentException("restore patience must be >= 0 and decay in (0, 1], got "
                        + patience + ", " + decay);
            }
            this.restorePatience = patience;
            this.restoreDecay = decay;
            return this;
        }

        /**
         * Imitation warm-up (not part of the L2O-DM recipe; Chen et al. 2020 use imitation inside their
         * curriculum): the first {@code epochs} epochs imitate the Adam teacher (see
         * {@link #optTeacherLearningRate}) instead of minimizing the meta-loss. Ignored with a curriculum,
         * which schedules imitation itself. The meta-optimizer's moments are reset when the meta-loss takes
         * over.
         */
        public Builder optImitationWarmup(int epochs) {
            if (epochs < 0) {
                throw new IllegalArgumentException("imitation warm-up epochs must be >= 0, got " + epochs);
            }
            this.imitationWarmup = epochs;
            return this;
        }

        /**
         * @param release collect garbage after every epoch (default: true), which frees the native memory of
         *     the direct buffers DJL made for minibatches; without it the resident set grows by a quarter or
         *     more over 100 epochs until a collection happens to run (see {@link NativeMemory})
         * @param trim also hand free C-heap pages back to the system after every epoch (default: false): a
         *     lower resident set between epochs, the same peak, a little more time
         */
        public Builder optNativeMemory(boolean release, boolean trim) {
            this.releaseMemory = release;
            this.trimHeap = trim;
            return this;
        }

        public Builder optTeacherLearningRate(double lr) {
            this.teacherLearningRate = lr;
            return this;
        }

        public Builder optListener(MetaTrainingListener l) {
            this.listener = Objects.requireNonNull(l);
            return this;
        }

        public MetaTrainingRun build() {
            Objects.requireNonNull(architecture, "architecture");
            Objects.requireNonNull(tasks, "tasks");
            if (recipe == null) {
                recipe = architecture.recipe();
            }
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
            }
            if (curriculum != null && validateEvery < 1) {
                throw new IllegalArgumentException("a curriculum needs validation (validate every >= 1 epochs)");
            }
            if (validationRuns < 1) {
                throw new IllegalArgumentException("validation runs must be >= 1, got " + validationRuns);
            }
            if (regularizer != null && oracles == null) {
                throw new IllegalArgumentException("a regularizer needs a curvature oracle factory");
            }
            if (resume && checkpointDir == null) {
                throw new IllegalArgumentException("resuming needs a checkpoint folder");
            }
            metaGradient = metaGradient();
            if (metaGradient == MetaGradient.EXACT && sampleFraction < 1) {
                throw new IllegalArgumentException("a meta-gradient sample estimates the first-order meta-gradient,"
                        + " and " + architecture.name() + " meta-trains with exact ones unless first order is chosen");
            }
            if (metaGradient == MetaGradient.EXACT && !architecture.network(settings).restorableState()) {
                throw new IllegalArgumentException(architecture.name()
                        + " cannot re-run a step from a saved state, which exact meta-gradients need");
            }
            return new MetaTrainingRun(this);
        }
    }
}
