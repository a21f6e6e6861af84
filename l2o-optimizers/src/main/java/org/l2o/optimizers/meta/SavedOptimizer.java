package org.l2o.optimizers.meta;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.l2o.api.HyperParameters;
import org.l2o.optimizers.io.AtomicFiles;
import org.l2o.optimizers.io.FileFormatException;
import org.l2o.optimizers.io.Npz;
import org.l2o.optimizers.learned.LearnedNetwork;
import org.l2o.optimizers.learned.LearnedOptimizer;
import org.l2o.optimizers.learned.LearnedOptimizers;
import org.l2o.optimizers.learned.MetaParameters;
import org.l2o.optimizers.learned.TrainedOptimizer;

/**
 * The file format of a meta-trained optimizer: a folder with {@value #PARAMETERS} (the
 * meta-parameters φ as NumPy arrays named as the architecture's parameter specs) and
 * {@value #METADATA} (format and version, architecture and its settings, the array layout, the
 * SHA-256 of the .npz, and the provenance of training). Both are written atomically, the .npz
 * first, so a reader never sees metadata for parameters that are not there yet.
 *
 * <p>{@link #load} accepts the folder, the .json or the .npz, and refuses, with a message that
 * says which: a missing file, metadata that is not JSON or not this format, a checksum mismatch
 * (corrupt or truncated parameters), a damaged archive, an unknown architecture, and arrays or
 * settings made for another architecture.
 */
public final class SavedOptimizer {

    /** The metadata file name. */
    public static final String METADATA = "optimizer.json";
    /** The parameter file name. */
    public static final String PARAMETERS = "optimizer.npz";
    /** The value of the metadata's {@code format} field. */
    public static final String FORMAT = "l2o-learned-optimizer";
    /** The current format version. */
    public static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SavedOptimizer() {}

    /**
     * Saves an optimizer into {@code dir}.
     *
     * @param dir the folder (created if needed)
     * @param architecture the plugin that defines the network
     * @param settings its hyperparameter values
     * @param phi the meta-parameters
     * @param provenance how it was trained (optimizee, dataset, regularizer, λ, seed, epochs, versions, commit)
     */
    public static void save(Path dir, LearnedOptimizer architecture, HyperParameters settings, MetaParameters phi,
            Map<String, Object> provenance) throws IOException {
        LearnedNetwork net = architecture.network(settings);
        if (!phi.specs().equals(net.parameterSpecs())) {
            throw new IllegalArgumentException("meta-parameters do not fit " + architecture.name());
        }
        byte[] npz = Npz.toBytes(arrays(phi));
        AtomicFiles.write(dir.resolve(PARAMETERS), npz);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("formatVersion", VERSION);
        meta.put("architecture", architecture.name());
        meta.put("hyperParameters", settings.asMap());
        meta.put("config", net.config());
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("file", PARAMETERS);
        params.put("sha256", AtomicFiles.sha256(npz));
        params.put("count", phi.count());
        List<Map<String, Object>> layout = new ArrayList<>();
        for (MetaParameters.Spec s : phi.specs()) {
            layout.add(Map.of("name", s.name(), "shape", s.shape()));
        }
        params.put("arrays", layout);
        meta.put("parameters", params);
        meta.put("provenance", provenance == null ? Map.of() : provenance);
        AtomicFiles.write(dir.resolve(METADATA), JSON.writeValueAsBytes(meta));
    }

    /** φ as named float32 arrays. */
    static Map<String, Npz.Array> arrays(MetaParameters phi) {
        Map<String, Npz.Array> out = new LinkedHashMap<>();
        for (MetaParameters.Spec s : phi.specs()) {
            out.put(s.name(), Npz.Array.of(s.shape(), phi.values(s.name())));
        }
        return out;
    }

    /** Loads a saved optimizer of any known architecture. */
    public static TrainedOptimizer load(Path path) throws IOException {
        return load(path, Optional.empty());
    }

    /**
     * Loads a saved optimizer.
     *
     * @param path the folder, its {@value #METADATA}, or its {@value #PARAMETERS}
     * @param expectedArchitecture when present, a file of any other architecture is refused
     * @throws NoSuchFileException when a needed file is missing
     * @throws OptimizerFileException when a file is corrupt, truncated, or made for another architecture
     */
    public static TrainedOptimizer load(Path path, Optional<String> expectedArchitecture) throws IOException {
        Path metaFile = metadataFile(path);
        if (!Files.isRegularFile(metaFile)) {
            throw new NoSuchFileException(metaFile.toString(), null,
                    "a saved learned optimizer needs " + METADATA + " beside " + PARAMETERS);
        }
        JsonNode meta;
        try {
            meta = JSON.readTree(Files.readAllBytes(metaFile));
        } catch (JsonProcessingException e) {
            throw new OptimizerFileException(metaFile, "is corrupt or truncated: not valid JSON ("
                    + e.getOriginalMessage() + ")", e);
        }
        if (meta == null || !meta.isObject() || !FORMAT.equals(meta.path("format").asText())) {
            throw new OptimizerFileException(metaFile, "is not a saved learned optimizer (its 'format' is not '"
                    + FORMAT + "')");
        }
        int version = meta.path("formatVersion").asInt(-1);
        if (version != VERSION) {
            throw new OptimizerFileException(metaFile, "has format version " + version + "; this build reads version "
                    + VERSION);
        }
        String arch = meta.path("architecture").asText("");
        if (expectedArchitecture.isPresent() && !expectedArchitecture.get().equals(arch)) {
            throw new OptimizerFileException(metaFile, "was made for architecture '" + arch + "', not '"
                    + expectedArchitecture.get() + "'");
        }
        LearnedOptimizer plugin = LearnedOptimizers.find(arch).orElseThrow(() -> new OptimizerFileException(metaFile,
                "was made for architecture '" + arch + "', which this build does not know (known: "
                        + String.join(", ", LearnedOptimizers.names()) + ")"));
        HyperParameters settings;
        try {
            Map<String, Object> given = new LinkedHashMap<>();
            meta.path("hyperParameters").fields().forEachRemaining(e -> given.put(e.getKey(), text(e.getValue())));
            Map<String, String> textValues = new LinkedHashMap<>();
            given.forEach((k, v) -> textValues.put(k, String.valueOf(v)));
            settings = HyperParameters.parse(plugin, textValues);
        } catch (IllegalArgumentException e) {
            throw new OptimizerFileException(metaFile, "has settings that architecture '" + arch
                    + "' of this build does not accept: " + e.getMessage(), e);
        }
        LearnedNetwork net = plugin.network(settings);
        JsonNode params = meta.path("parameters");
        Path npzFile = metaFile.resolveSibling(params.path("file").asText(PARAMETERS));
        if (!Files.isRegularFile(npzFile)) {
            throw new NoSuchFileException(npzFile.toString(), null, "the parameters named by " + metaFile);
        }
        byte[] npzBytes = Files.readAllBytes(npzFile);
        String expectedSha = params.path("sha256").asText("");
        if (!expectedSha.isEmpty() && !expectedSha.equals(AtomicFiles.sha256(npzBytes))) {
            throw new OptimizerFileException(npzFile, "is corrupt or truncated: its SHA-256 differs from the one"
                    + " recorded in " + metaFile.getFileName() + " (" + npzBytes.length + " bytes)");
        }
        Map<String, Npz.Array> arrays;
        try {
            arrays = Npz.read(npzFile);
        } catch (FileFormatException e) {
            throw OptimizerFileException.of(e);
        }
        MetaParameters phi = match(npzFile, arch, net, arrays);
        Map<String, Object> provenance = JSON.convertValue(meta.path("provenance"),
                JSON.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class));
        return new TrainedOptimizer(plugin, settings, phi, metaFile.getParent(), provenance);
    }

    /** The arrays as φ of {@code net}, or a message saying they were made for another architecture. */
    static MetaParameters match(Path file, String arch, LearnedNetwork net, Map<String, Npz.Array> arrays)
            throws OptimizerFileException {
        List<String> problems = new ArrayList<>();
        List<float[]> values = new ArrayList<>();
        for (MetaParameters.Spec s : net.parameterSpecs()) {
            Npz.Array a = arrays.get(s.name());
            if (a == null) {
                problems.add("missing '" + s.name() + "'");
            } else if (!Arrays.equals(a.shape(), s.shape())) {
                problems.add("'" + s.name() + "' has shape " + Arrays.toString(a.shape()) + ", expected "
                        + Arrays.toString(s.shape()));
            } else {
                values.add(a.floats());
            }
        }
        List<String> extra = new ArrayList<>(arrays.keySet());
        extra.removeAll(net.parameterSpecs().stream().map(MetaParameters.Spec::name).toList());
        if (!extra.isEmpty()) {
            problems.add("unexpected arrays " + extra);
        }
        if (!problems.isEmpty()) {
            throw new OptimizerFileException(file, "was made for another architecture or settings than " + arch + " "
                    + net.config() + ": " + String.join("; ", problems));
        }
        return new MetaParameters(net.parameterSpecs(), values);
    }

    /** The metadata file for a folder, a .json or a .npz path. */
    public static Path metadataFile(Path path) {
        if (Files.isDirectory(path)) {
            return path.resolve(METADATA);
        }
        String name = path.getFileName().toString();
        if (name.endsWith(".npz")) {
            Path sibling = path.resolveSibling(name.substring(0, name.length() - 4) + ".json");
            return Files.isRegularFile(sibling) ? sibling : path.resolveSibling(METADATA);
        }
        return path;
    }

    /** Whether {@code path} looks like a saved learned optimizer (a folder or file of this format). */
    public static boolean looksLikeSavedOptimizer(Path path) {
        if (Files.isDirectory(path)) {
            return Files.exists(path.resolve(METADATA)) || Files.exists(path.resolve(PARAMETERS));
        }
        Path meta = metadataFile(path);
        if (!Files.isRegularFile(meta)) {
            return false;
        }
        if (path.getFileName().toString().endsWith(".npz") || Files.isDirectory(path)) {
            return true;
        }
        try {
            byte[] head = Files.readAllBytes(meta);
            return new String(head, 0, Math.min(head.length, 4096), java.nio.charset.StandardCharsets.UTF_8)
                    .contains(FORMAT);
        } catch (IOException e) {
            return false;
        }
    }

    private static Object text(JsonNode v) {
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            v.forEach(x -> parts.add(x.asText()));
            return String.join(",", parts);
        }
        return v.asText();
    }
}
