package org.l2o.optimizers.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that exists but cannot be used: corrupt, truncated, of an unknown format, or holding
 * other contents than its reader needs. The message is {@code FILE: PROBLEM}, so it names the
 * file and what is wrong with it. Subclasses say which kind of file it was.
 */
public class FileFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String problem;

    public FileFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
        this.problem = problem;
    }

    public FileFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
        this.problem = problem;
    }

    /** The offending file. */
    public Path file() {
        return file;
    }

    /** What is wrong with it (the message without the file name). */
    public String problem() {
        return problem;
    }
}
