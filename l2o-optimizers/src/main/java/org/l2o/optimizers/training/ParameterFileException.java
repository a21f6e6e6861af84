package org.l2o.optimizers.training;

import java.nio.file.Path;
import org.l2o.optimizers.io.FileFormatException;

/** A parameter file exists but does not hold what the objective needs; the message names both. */
public class ParameterFileException extends FileFormatException {

    private static final long serialVersionUID = 1L;

    public ParameterFileException(Path file, String problem) {
        super(file, problem);
    }

    public ParameterFileException(Path file, String problem, Throwable cause) {
        super(file, problem, cause);
    }

    /** The same problem, reported as this kind of file (keeps {@code e} as the cause). */
    public static ParameterFileException of(FileFormatException e) {
        return e instanceof ParameterFileException same ? same : new ParameterFileException(e.file(), e.problem(), e);
    }
}
