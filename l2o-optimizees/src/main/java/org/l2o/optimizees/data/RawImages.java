package org.l2o.optimizees.data;

import ai.djl.ndarray.types.Shape;
import org.l2o.api.LabeledData;

/**
 * Images as read from a file: unsigned 8-bit pixels, channel-major per image, with their labels.
 *
 * @param pixels {@code labels.length × shape.size()} bytes, read as unsigned
 * @param labels class indices
 * @param shape the shape of one image, (channels, height, width)
 * @param numClasses the number of classes
 */
public record RawImages(byte[] pixels, int[] labels, Shape shape, int numClasses) {

    public RawImages {
        if ((long) labels.length * shape.size() != pixels.length) {
            throw new IllegalArgumentException(labels.length + " labels of shape " + shape + " need "
                    + labels.length * shape.size() + " pixels, got " + pixels.length);
        }
    }

    /** The largest value of an 8-bit pixel, which {@link Normalization#UNIT} divides by. */
    public static final double MAX_PIXEL = 255.0;

    public int size() {
        return labels.length;
    }

    /** The pixels as floats in [0, 255]. */
    float[] toFloats() {
        float[] out = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            out[i] = pixels[i] & 0xff;
        }
        return out;
    }

    /** Both splits as normalized {@link LabeledData}; statistics come from {@code train}. */
    public static LabeledData[] normalize(RawImages train, RawImages test, Normalization normalization) {
        float[] x = train.toFloats();
        float[] y = test.toFloats();
        int channels = (int) train.shape.get(0);
        int perChannel = (int) (train.shape.size() / channels);
        normalization.apply(x, y, channels, perChannel, MAX_PIXEL);
        return new LabeledData[] {
            new LabeledData(x, train.labels, train.shape, train.numClasses),
            new LabeledData(y, test.labels, test.shape, test.numClasses)
        };
    }
}
