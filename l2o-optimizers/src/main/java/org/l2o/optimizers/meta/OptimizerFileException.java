package org.l2o.optimizers.meta;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A saved learned optimizer (or checkpoint) that cannot be used: corrupt, truncated, of an
 * unknown format, or made for another architecture. The message names the file and which.
 */
public class OptimizerFileException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public OptimizerFileException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public OptimizerFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The offending file. */
    public Path file() {
        return file;
    }
}
