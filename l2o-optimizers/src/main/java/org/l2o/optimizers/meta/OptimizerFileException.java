package org.l2o.optimizers.meta;

import java.nio.file.Path;
import org.l2o.optimizers.io.FileFormatException;

/**
 * A saved learned optimizer (or checkpoint) that cannot be used: corrupt, truncated, of an
 * unknown format, or made for another architecture. The message names the file and which.
 */
public class OptimizerFileException extends FileFormatException {

    private static final long serialVersionUID = 1L;

    public OptimizerFileException(Path file, String problem) {
        super(file, problem);
    }

    public OptimizerFileException(Path file, String problem, Throwable cause) {
        super(file, problem, cause);
    }

    /** The same problem, reported as this kind of file (keeps {@code e} as the cause). */
    public static OptimizerFileException of(FileFormatException e) {
        return e instanceof OptimizerFileException same ? same : new OptimizerFileException(e.file(), e.problem(), e);
    }
}
