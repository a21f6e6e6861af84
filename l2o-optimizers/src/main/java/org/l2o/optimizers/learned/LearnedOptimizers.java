package org.l2o.optimizers.learned;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.l2o.api.Optimizer;

/** The learned-optimizer architectures on the class path, found as {@link Optimizer} plugins. */
public final class LearnedOptimizers {

    private LearnedOptimizers() {}

    /** Every discovered {@link LearnedOptimizer}, in discovery order. */
    public static List<LearnedOptimizer> all() {
        List<LearnedOptimizer> out = new ArrayList<>();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (Optimizer o : ServiceLoader.load(Optimizer.class, loader == null ? LearnedOptimizers.class.getClassLoader() : loader)) {
            if (o instanceof LearnedOptimizer l) {
                out.add(l);
            }
        }
        return out;
    }

    /** The architecture with this name. */
    public static Optional<LearnedOptimizer> find(String architecture) {
        return all().stream().filter(l -> l.name().equals(architecture)).findFirst();
    }

    /** The known architecture names, for error messages. */
    public static List<String> names() {
        return all().stream().map(LearnedOptimizer::name).toList();
    }
}
