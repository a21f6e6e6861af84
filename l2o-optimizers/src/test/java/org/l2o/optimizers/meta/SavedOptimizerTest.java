package org.l2o.optimizers.meta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.api.HyperParameters;
import org.l2o.api.UpdateRule;
import org.l2o.optimizers.io.Npz;
import org.l2o.optimizers.learned.L2oDm;
import org.l2o.optimizers.learned.MetaParameters;
import org.l2o.optimizers.learned.TrainedOptimizer;

/** Saving and loading meta-trained optimizers, and the refusal of damaged or foreign files. */
class SavedOptimizerTest {

    private final L2oDm dm = new L2oDm();

    @TempDir
    Path dir;

    private MetaParameters saveSmall(Path where, int hidden) throws IOException {
        HyperParameters hp = HyperParameters.parse(dm, Map.of("hidden", String.valueOf(hidden)));
        MetaParameters phi = dm.network(hp).initialize(11);
        SavedOptimizer.save(where, dm, hp, phi, Map.of("optimizee", "quadratic", "seed", 3, "epochs", 2));
        return phi;
    }

    @Test
    void roundTripsParametersSettingsAndProvenanceAndUpdatesAlike() throws IOException {
        MetaParameters phi = saveSmall(dir, 4);
        for (Path p : new Path[] {dir, dir.resolve(SavedOptimizer.METADATA), dir.resolve(SavedOptimizer.PARAMETERS)}) {
            TrainedOptimizer loaded = SavedOptimizer.load(p);
            assertEquals(phi, loaded.metaParameters());
            assertEquals(4, loaded.settings().getInt("hidden"));
            assertEquals("quadratic", loaded.provenance().get("optimizee"));
            assertEquals("l2o-dm", loaded.name());
        }
        HyperParameters hp = HyperParameters.parse(dm, Map.of("hidden", "4", "init-seed", "11"));
        TrainedOptimizer loaded = SavedOptimizer.load(dir);
        try (NDManager m = NDManager.newBaseManager()) {
            NDList a = new NDList(m.create(new float[] {1, 2, 3}));
            NDList b = new NDList(m.create(new float[] {1, 2, 3}));
            NDList g = new NDList(m.create(new float[] {0.1f, -3f, 1e-4f}));
            try (UpdateRule ra = dm.create(hp, a); UpdateRule rb = loaded.create(loaded.defaults(), b)) {
                for (int i = 0; i < 3; i++) {
                    ra.step(a, g, 1.0);
                    rb.step(b, g, 1.0);
                }
            }
            assertArrayEquals(a.get(0).toFloatArray(), b.get(0).toFloatArray());
        }
    }

    @Test
    void writesArraysNumpyCanRead() throws IOException {
        MetaParameters phi = saveSmall(dir, 3);
        Map<String, Npz.Array> back = Npz.read(dir.resolve(SavedOptimizer.PARAMETERS));
        assertArrayEquals(new long[] {4, 6, 3}, back.get("lstm1.weight").shape());
        assertArrayEquals(phi.values("lstm1.weight"), back.get("lstm1.weight").floats());
        byte[] bytes = Files.readAllBytes(dir.resolve(SavedOptimizer.PARAMETERS));
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("{'descr': '<f4', 'fortran_order': False, 'shape': (4, 6, 3), }"), "NPY 1.0 header");
    }

    @Test
    void refusesTruncatedParameters() throws IOException {
        saveSmall(dir, 4);
        Path npz = dir.resolve(SavedOptimizer.PARAMETERS);
        byte[] bytes = Files.readAllBytes(npz);
        Files.write(npz, Arrays.copyOf(bytes, bytes.length / 2));
        OptimizerFileException e = assertThrows(OptimizerFileException.class, () -> SavedOptimizer.load(dir));
        assertTrue(e.getMessage().contains("corrupt or truncated"), e.getMessage());
        assertTrue(e.getMessage().contains(SavedOptimizer.PARAMETERS), e.getMessage());
    }

    @Test
    void refusesTruncatedArchiveEvenWithoutAChecksum() throws IOException {
        saveSmall(dir, 4);
        Path meta = dir.resolve(SavedOptimizer.METADATA);
        Files.writeString(meta, Files.readString(meta).replaceAll("\"sha256\" : \"[0-9a-f]+\"", "\"sha256\" : \"\""));
        Path npz = dir.resolve(SavedOptimizer.PARAMETERS);
        byte[] bytes = Files.readAllBytes(npz);
        Files.write(npz, Arrays.copyOf(bytes, bytes.length - 40));
        OptimizerFileException e = assertThrows(OptimizerFileException.class, () -> SavedOptimizer.load(dir));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void refusesCorruptMetadata() throws IOException {
        saveSmall(dir, 4);
        Path meta = dir.resolve(SavedOptimizer.METADATA);
        String json = Files.readString(meta);
        Files.writeString(meta, json.substring(0, json.length() / 2));
        OptimizerFileException e = assertThrows(OptimizerFileException.class, () -> SavedOptimizer.load(dir));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        Files.writeString(meta, "{\"format\": \"something-else\"}");
        e = assertThrows(OptimizerFileException.class, () -> SavedOptimizer.load(dir));
        assertTrue(e.getMessage().contains("is not a saved learned optimizer"), e.getMessage());
    }

    @Test
    void refusesParametersOfAnotherArchitecture() throws IOException {
        saveSmall(dir, 4);
        Path meta = dir.resolve(SavedOptimizer.METADATA);
        // settings say 8 hidden units, arrays hold 4: made for another architecture
        Files.writeString(meta, Files.readString(meta).replace("\"hidden\" : 4", "\"hidden\" : 8"));
        OptimizerFileException e = assertThrows(OptimizerFileException.class, () -> SavedOptimizer.load(dir));
        assertTrue(e.getMessage().contains("made for another architecture"), e.getMessage());
        assertTrue(e.getMessage().contains("lstm1.weight"), e.getMessage());

        Path other = dir.resolve("other");
        saveSmall(other, 4);
        e = assertThrows(OptimizerFileException.class, () -> SavedOptimizer.load(other, Optional.of("l2o-scale")));
        assertTrue(e.getMessage().contains("was made for architecture 'l2o-dm', not 'l2o-scale'"), e.getMessage());

        Path meta2 = other.resolve(SavedOptimizer.METADATA);
        Files.writeString(meta2, Files.readString(meta2).replace("\"architecture\" : \"l2o-dm\"",
                "\"architecture\" : \"l2o-unknown\""));
        e = assertThrows(OptimizerFileException.class, () -> SavedOptimizer.load(other));
        assertTrue(e.getMessage().contains("'l2o-unknown', which this build does not know"), e.getMessage());
    }

    @Test
    void missingFilesAreNamed() throws IOException {
        assertThrows(NoSuchFileException.class, () -> SavedOptimizer.load(dir));
        saveSmall(dir, 4);
        Files.delete(dir.resolve(SavedOptimizer.PARAMETERS));
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> SavedOptimizer.load(dir));
        assertTrue(e.getFile().endsWith(SavedOptimizer.PARAMETERS));
    }

    @Test
    void untrainedPluginUsesTheNetworkShapes() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList p = new NDList(m.zeros(new Shape(2, 3)));
            try (UpdateRule r = dm.create(dm.defaults(), p)) {
                r.step(p, new NDList(m.ones(new Shape(2, 3))), 1.0);
            }
            assertEquals(new Shape(2, 3), p.get(0).getShape());
        }
    }
}
