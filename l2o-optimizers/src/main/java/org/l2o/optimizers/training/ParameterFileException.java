package org.l2o.optimizers.training;

import java.io.IOException;
import java.nio.file.Path;

/** A parameter file exists but does not hold what the objective needs; the message names both. */
public class ParameterFileException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public ParameterFileException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public ParameterFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The offending file. */
    public Path file() {
        return file;
    }
}
