package org.l2o.cli.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Where this build of l2o comes from: its version and the git commit of the checkout. */
public final class Provenance {

    private static String commit;

    private Provenance() {}

    /** The project version from the jar manifest, or {@code "dev"} when run from classes. */
    public static String l2oVersion() {
        String v = Provenance.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /**
     * The commit of the git checkout that holds the running code (with {@code -dirty} when it has
     * uncommitted changes), or {@code "unknown"} outside a checkout or without git.
     */
    public static synchronized String gitCommit() {
        if (commit == null) {
            commit = readCommit();
        }
        return commit;
    }

    private static String readCommit() {
        try {
            Path here = Path.of(Provenance.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path dir = Files.isDirectory(here) ? here : here.getParent();
            String head = git(dir, "rev-parse", "HEAD");
            if (head.isEmpty()) {
                return "unknown";
            }
            String status = git(dir, "status", "--porcelain", "--untracked-files=no");
            return status.isEmpty() ? head : head + "-dirty";
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static String git(Path dir, String... args) throws IOException, InterruptedException {
        String[] cmd = new String[args.length + 3];
        cmd[0] = "git";
        cmd[1] = "-C";
        cmd[2] = dir.toString();
        System.arraycopy(args, 0, cmd, 3, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            return "";
        }
        return new String(out, StandardCharsets.UTF_8).trim();
    }
}
