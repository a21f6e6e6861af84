package org.l2o.cli.commands;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.l2o.api.Optimizer;
import org.l2o.optimizers.meta.SavedOptimizer;

/**
 * Lets every command's {@code --optimizer} take a meta-trained optimizer: the folder written by
 * {@code l2o meta-train}, its {@code optimizer.json}, or its {@code optimizer.npz}. Damaged or
 * foreign files are refused with {@link org.l2o.optimizers.meta.OptimizerFileException}.
 */
public final class LearnedOptimizerFileLoader implements OptimizerResolver.FileLoader {

    @Override
    public String description() {
        return "meta-trained optimizers (a folder with optimizer.json and optimizer.npz from 'l2o meta-train')";
    }

    @Override
    public Optional<Optimizer> load(Path file) throws IOException {
        if (!SavedOptimizer.looksLikeSavedOptimizer(file)) {
            return Optional.empty();
        }
        return Optional.of(SavedOptimizer.load(file));
    }
}
