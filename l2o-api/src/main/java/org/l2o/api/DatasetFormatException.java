package org.l2o.api;

import java.io.IOException;
import java.nio.file.Path;

/** A data file exists but is not what its format requires; the message names file and fault. */
public class DatasetFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public DatasetFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /** The offending file. */
    public Path file() {
        return file;
    }
}
