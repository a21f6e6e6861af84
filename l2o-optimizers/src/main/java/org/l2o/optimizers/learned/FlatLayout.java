package org.l2o.optimizers.learned;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * A parameter list seen as one column vector of shape (N, 1): the row-major tensors one after the
 * other. Immutable.
 */
public final class FlatLayout {

    private final List<Shape> shapes;
    private final long[] splitPoints;
    private final long total;

    public FlatLayout(List<Shape> shapes) {
        if (shapes.isEmpty()) {
            throw new IllegalArgumentException("no parameters to optimize");
        }
        this.shapes = List.copyOf(shapes);
        this.splitPoints = new long[shapes.size() - 1];
        long n = 0;
        for (int i = 0; i < shapes.size(); i++) {
            n += shapes.get(i).size();
            if (i < splitPoints.length) {
                splitPoints[i] = n;
            }
        }
        this.total = n;
    }

    /** The layout of a list of arrays. */
    public static FlatLayout of(NDList arrays) {
        List<Shape> s = new ArrayList<>();
        for (NDArray a : arrays) {
            s.add(a.getShape());
        }
        return new FlatLayout(s);
    }

    public List<Shape> shapes() {
        return shapes;
    }

    /** N, the number of coordinates. */
    public long size() {
        return total;
    }

    /**
     * The arrays as one float32 column (N, 1), owned by {@code manager}. With a single tensor the
     * result may share storage with it: treat it as read only.
     */
    public NDArray flatten(NDList arrays, NDManager manager) {
        check(arrays);
        NDList rows = new NDList(arrays.size());
        for (NDArray a : arrays) {
            NDArray r = a.reshape(a.size(), 1);
            if (r.getDataType() != DataType.FLOAT32) {
                NDArray c = r.toType(DataType.FLOAT32, false);
                r.close();
                r = c;
            }
            r.attach(manager);
            rows.add(r);
        }
        if (rows.size() == 1) {
            return rows.get(0);
        }
        return NDArrays.concat(rows, 0);
    }

    /** Views of an (N, 1) column in this layout's shapes, owned by the column's manager. */
    public NDList unflatten(NDArray flat) {
        if (flat.size() != total) {
            throw new IllegalArgumentException("flat vector has " + flat.size() + " entries, layout needs " + total);
        }
        if (shapes.size() == 1) {
            return new NDList(flat.reshape(shapes.get(0)));
        }
        NDList pieces = flat.split(splitPoints, 0);
        NDList out = new NDList(pieces.size());
        for (int i = 0; i < pieces.size(); i++) {
            out.add(pieces.get(i).reshape(shapes.get(i)));
        }
        return out;
    }

    private void check(NDList arrays) {
        if (arrays.size() != shapes.size()) {
            throw new IllegalArgumentException(
                    "expected " + shapes.size() + " parameter arrays " + shapes + ", got " + arrays.size());
        }
        for (int i = 0; i < shapes.size(); i++) {
            if (!arrays.get(i).getShape().equals(shapes.get(i))) {
                throw new IllegalArgumentException("parameter " + i + " has shape " + arrays.get(i).getShape()
                        + ", expected " + shapes.get(i));
            }
        }
    }
}
