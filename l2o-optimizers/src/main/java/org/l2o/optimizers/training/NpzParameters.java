package org.l2o.optimizers.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.l2o.api.Objective;

/**
 * Optimizee parameters in NumPy's {@code .npz} format: a zip archive with one {@code NAME.npy}
 * array per {@link Objective.ParameterSpec}, named by {@link Objective.ParameterSpec#name()}, with
 * the spec's shape and the parameters' dtype (float32 for the built-in optimizees). Read it with
 * {@code numpy.load("file.npz")["fc1.weight"]}. Encoding and decoding use DJL's
 * {@link NDList.Encoding#NPZ}; this class adds the checks that make a wrong file a clear error.
 */
public final class NpzParameters {

    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

    private NpzParameters() {}

    /**
     * Writes {@code parameters} to {@code file} (parent folders are created; the file is written
     * under a temporary name and then moved into place).
     */
    public static void save(Path file, List<Objective.ParameterSpec> specs, NDList parameters) throws IOException {
        if (specs.size() != parameters.size()) {
            throw new IllegalArgumentException(
                    "expected " + specs.size() + " parameter arrays, got " + parameters.size());
        }
        NDList named = new NDList(parameters.size());
        for (int i = 0; i < specs.size(); i++) {
            NDArray p = parameters.get(i);
            if (!p.getShape().equals(specs.get(i).shape())) {
                throw new IllegalArgumentException("parameter '" + specs.get(i).name() + "' has shape "
                        + p.getShape() + ", its spec says " + specs.get(i).shape());
            }
            p.setName(specs.get(i).name());
            named.add(p);
        }
        Path absolute = file.toAbsolutePath();
        if (absolute.getParent() != null) {
            Files.createDirectories(absolute.getParent());
        }
        Path tmp = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
            named.encode(out, NDList.Encoding.NPZ);
        }
        Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Reads parameters for {@code specs} from {@code file}, in spec order, converted to
     * {@code dataType}.
     *
     * @throws java.nio.file.NoSuchFileException when the file does not exist
     * @throws ParameterFileException when it is not an .npz archive, or its array names, shapes or
     *     types do not match the specs (the message lists what is missing, extra or different)
     */
    public static NDList load(Path file, List<Objective.ParameterSpec> specs, NDManager manager, DataType dataType)
            throws IOException {
        NDList decoded;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            in.mark(4);
            byte[] head = in.readNBytes(4);
            in.reset();
            if (!Arrays.equals(head, ZIP_MAGIC)) {
                throw new ParameterFileException(file,
                        "is not a NumPy .npz archive (expected a zip file of .npy arrays, as numpy.savez writes)");
            }
            checkArchive(file);
            decoded = NDList.decode(manager, in);
        } catch (ParameterFileException | NoSuchFileException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ParameterFileException(file, "cannot be read as .npz: " + e.getMessage(), e);
        }
        try {
            return match(file, specs, decoded, dataType);
        } catch (IOException | RuntimeException e) {
            decoded.close();
            throw e;
        }
    }

    /** A complete zip (its central directory readable, which catches truncation) of .npy entries. */
    private static void checkArchive(Path file) throws ParameterFileException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            List<String> others = new ArrayList<>();
            zip.stream().map(ZipEntry::getName).filter(n -> !n.endsWith(".npy")).forEach(others::add);
            if (!others.isEmpty()) {
                throw new ParameterFileException(file, "holds entries that are not .npy arrays: " + others);
            }
            if (zip.size() == 0) {
                throw new ParameterFileException(file, "holds no arrays");
            }
        } catch (IOException e) {
            if (e instanceof ParameterFileException p) {
                throw p;
            }
            throw new ParameterFileException(file, "is a damaged or truncated zip archive (" + e.getMessage() + ")", e);
        }
    }

    private static NDList match(Path file, List<Objective.ParameterSpec> specs, NDList decoded, DataType dataType)
            throws ParameterFileException {
        Map<String, NDArray> byName = new LinkedHashMap<>();
        for (NDArray a : decoded) {
            String name = a.getName();
            if (name == null || name.isEmpty()) {
                throw new ParameterFileException(file, "holds an unnamed array; expected arrays named "
                        + names(specs));
            }
            if (byName.put(name, a) != null) {
                throw new ParameterFileException(file, "holds two arrays named '" + name + "'");
            }
        }
        List<String> missing = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Objective.ParameterSpec spec : specs) {
            NDArray a = byName.get(spec.name());
            if (a == null) {
                missing.add(spec.name());
            } else if (!a.getShape().equals(spec.shape())) {
                problems.add("'" + spec.name() + "' has shape " + a.getShape() + ", expected " + spec.shape());
            } else if (!a.getDataType().isFloating()) {
                problems.add("'" + spec.name() + "' has type " + a.getDataType() + ", expected a floating-point type");
            }
        }
        List<String> extra = new ArrayList<>(byName.keySet());
        extra.removeAll(names(specs));
        if (!missing.isEmpty() || !extra.isEmpty() || !problems.isEmpty()) {
            StringBuilder m = new StringBuilder("does not match the optimizee's parameters");
            if (!missing.isEmpty()) {
                m.append("; missing arrays ").append(missing);
            }
            if (!extra.isEmpty()) {
                m.append("; unexpected arrays ").append(extra);
            }
            if (!problems.isEmpty()) {
                m.append("; ").append(String.join("; ", problems));
            }
            m.append(" (expected ");
            for (int i = 0; i < specs.size(); i++) {
                m.append(i == 0 ? "" : ", ").append(specs.get(i).name()).append(specs.get(i).shape());
            }
            throw new ParameterFileException(file, m.append(')').toString());
        }
        NDList out = new NDList(specs.size());
        for (Objective.ParameterSpec spec : specs) {
            NDArray a = byName.get(spec.name());
            NDArray typed = a.getDataType() == dataType ? a : a.toType(dataType, false);
            if (typed != a) {
                a.close();
            }
            out.add(typed);
        }
        return out;
    }

    private static List<String> names(List<Objective.ParameterSpec> specs) {
        return specs.stream().map(Objective.ParameterSpec::name).toList();
    }
}
