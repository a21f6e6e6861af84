package org.l2o.optimizers.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.l2o.api.Objective;
import org.l2o.optimizers.io.AtomicFiles;
import org.l2o.optimizers.io.FileFormatException;
import org.l2o.optimizers.io.Npz;

/**
 * Optimizee parameters in NumPy's {@code .npz} format: a zip archive with one {@code NAME.npy}
 * array per {@link Objective.ParameterSpec}, named by {@link Objective.ParameterSpec#name()}, with
 * the spec's shape and the parameters' dtype (float32 or float64). Read it with
 * {@code numpy.load("file.npz")["fc1.weight"]}. Encoding, decoding and the archive checks are
 * {@link Npz}'s; this class maps arrays to and from the objective's parameter specs and makes a
 * mismatch a clear error.
 */
public final class NpzParameters {

    private NpzParameters() {}

    /**
     * Writes {@code parameters} to {@code file} (parent folders are created; the file is written
     * under a temporary name and then moved into place).
     *
     * @throws IllegalArgumentException when the parameters do not match the specs in number or
     *     shape, or are not float32/float64
     */
    public static void save(Path file, List<Objective.ParameterSpec> specs, NDList parameters) throws IOException {
        if (specs.size() != parameters.size()) {
            throw new IllegalArgumentException(
                    "expected " + specs.size() + " parameter arrays, got " + parameters.size());
        }
        Map<String, Npz.Array> arrays = new LinkedHashMap<>();
        for (int i = 0; i < specs.size(); i++) {
            NDArray p = parameters.get(i);
            Objective.ParameterSpec spec = specs.get(i);
            if (!p.getShape().equals(spec.shape())) {
                throw new IllegalArgumentException("parameter '" + spec.name() + "' has shape "
                        + p.getShape() + ", its spec says " + spec.shape());
            }
            long[] shape = spec.shape().getShape();
            Npz.Array a;
            if (p.getDataType() == DataType.FLOAT32) {
                a = Npz.Array.of(shape, p.toFloatArray());
            } else if (p.getDataType() == DataType.FLOAT64) {
                a = Npz.Array.of(shape, p.toDoubleArray());
            } else {
                throw new IllegalArgumentException("parameter '" + spec.name() + "' has type " + p.getDataType()
                        + "; .npz parameter files hold float32 or float64");
            }
            if (arrays.put(spec.name(), a) != null) {
                throw new IllegalArgumentException("two parameter specs are named '" + spec.name() + "'");
            }
        }
        AtomicFiles.write(file, Npz.toBytes(arrays));
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
        Map<String, Npz.Array> arrays;
        try {
            arrays = Npz.read(file);
        } catch (FileFormatException e) {
            throw ParameterFileException.of(e);
        }
        check(file, specs, arrays);
        NDList out = new NDList(specs.size());
        try {
            for (Objective.ParameterSpec spec : specs) {
                Npz.Array a = arrays.get(spec.name());
                // built in the stored type, then converted, as a cast from float64 would be
                NDArray stored = a.float64() ? manager.create(a.values(), spec.shape())
                        : manager.create(a.floats(), spec.shape());
                NDArray typed = stored.getDataType() == dataType ? stored : stored.toType(dataType, false);
                if (typed != stored) {
                    stored.close();
                }
                out.add(typed);
            }
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
        return out;
    }

    /** Every spec has an array of its shape, and there are no others. */
    private static void check(Path file, List<Objective.ParameterSpec> specs, Map<String, Npz.Array> arrays)
            throws ParameterFileException {
        List<String> missing = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Objective.ParameterSpec spec : specs) {
            Npz.Array a = arrays.get(spec.name());
            if (a == null) {
                missing.add(spec.name());
            } else if (!new Shape(a.shape()).equals(spec.shape())) {
                problems.add("'" + spec.name() + "' has shape " + new Shape(a.shape()) + ", expected " + spec.shape());
            }
        }
        List<String> extra = new ArrayList<>(arrays.keySet());
        extra.removeAll(specs.stream().map(Objective.ParameterSpec::name).toList());
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
    }
}
