package org.l2o.optimizers.learned;

import ai.djl.ndarray.NDList;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.l2o.api.HyperParameter;
import org.l2o.api.HyperParameters;
import org.l2o.api.UpdateRule;

/**
 * A meta-trained learned optimizer: an architecture with fixed settings and meta-parameters φ,
 * usually loaded from a file written by meta-training. It takes no hyperparameters of its own
 * (the file fixes them); every {@link #create} starts a fresh recurrent state with the same φ.
 */
public final class TrainedOptimizer implements org.l2o.api.Optimizer {

    private final LearnedOptimizer architecture;
    private final HyperParameters settings;
    private final LearnedNetwork network;
    private final MetaParameters phi;
    private final Path source;
    private final Map<String, Object> provenance;

    /**
     * @param architecture the plugin that defines the network
     * @param settings its hyperparameters (sizes and constants) as trained
     * @param phi the meta-parameters (copied)
     * @param source the file it came from, or {@code null}
     * @param provenance how it was trained, for {@link #details()}
     */
    public TrainedOptimizer(LearnedOptimizer architecture, HyperParameters settings, MetaParameters phi, Path source,
            Map<String, Object> provenance) {
        this.architecture = architecture;
        this.settings = settings;
        this.network = architecture.network(settings);
        if (!phi.specs().equals(network.parameterSpecs())) {
            throw new IllegalArgumentException("meta-parameters " + phi.specs() + " do not fit "
                    + architecture.name() + " " + network.parameterSpecs());
        }
        this.phi = phi.copy();
        this.source = source;
        this.provenance = provenance == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
    }

    @Override
    public String name() {
        return architecture.name();
    }

    @Override
    public String description() {
        return "meta-trained " + architecture.name() + (source == null ? "" : " loaded from " + source);
    }

    /** None: the saved file fixes the settings. */
    @Override
    public List<HyperParameter<?>> hyperParameters() {
        return List.of();
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("architecture", architecture.name());
        d.put("settings", settings.asMap());
        if (source != null) {
            d.put("file", source.toString());
        }
        d.put("provenance", provenance);
        return d;
    }

    @Override
    public UpdateRule create(HyperParameters hyperParameters, NDList parameters) {
        return new LearnedUpdateRule(network, phi, parameters);
    }

    public LearnedOptimizer architecture() {
        return architecture;
    }

    public HyperParameters settings() {
        return settings;
    }

    public LearnedNetwork network() {
        return network;
    }

    /** A copy of φ. */
    public MetaParameters metaParameters() {
        return phi.copy();
    }

    public Map<String, Object> provenance() {
        return provenance;
    }
}
