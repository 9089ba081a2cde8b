package org.landscape.hessian;

import java.util.Arrays;
import java.util.Locale;
import org.landscape.util.Memory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A dense matrix in double precision (row-major), for Hessians small enough to hold: at n parameters it takes
 * 8 n^2 bytes, 80 MB at n = 3,162 and 80 GB at n = 100,000. Constructors refuse, with the size in MB, a matrix that
 * would not fit in the heap, before allocating it. A square one is also a {@link LinearOperator}.
 */
public final class DenseMatrix implements LinearOperator {
    private final int rows;
    private final int cols;
    private final double[] a;

    private DenseMatrix(int rows, int cols) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("a matrix needs at least one row and one column, got " + rows + " x "
                    + cols);
        }
        checkFits(rows, cols, "heap");
        this.rows = rows;
        this.cols = cols;
        this.a = new double[rows * cols];
    }

    /** Bytes of an n x n matrix of doubles: 8 n^2. */
    public static double bytes(long n) {
        return 8.0 * n * n;
    }

    /** Refuses a rows x cols matrix that would not fit in the free heap, saying how much it needs. */
    static void checkFits(long rows, long cols, String what) {
        String matrix = String.format(Locale.ROOT, "a dense %d x %d matrix (8 bytes per entry, in the %s)", rows,
                cols, what);
        String fix = "use matrix-free methods (Lanczos, SLQ, Hutchinson) on the LinearOperator instead, or a smaller "
                + "network";
        Memory.require(rows > Long.MAX_VALUE / 8 / Math.max(1, cols) ? -1 : 8 * rows * cols, matrix, fix);
        if (rows * cols > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(matrix + " has " + rows * cols + " entries, more than a Java array "
                    + "holds: " + fix);
        }
    }

    public static DenseMatrix zeros(int rows, int cols) {
        return new DenseMatrix(rows, cols);
    }

    public static DenseMatrix identity(int n) {
        DenseMatrix m = new DenseMatrix(n, n);
        for (int i = 0; i < n; i++) {
            m.a[i * n + i] = 1;
        }
        return m;
    }

    /** diag(d). */
    public static DenseMatrix diagonal(double... d) {
        DenseMatrix m = new DenseMatrix(d.length, d.length);
        for (int i = 0; i < d.length; i++) {
            m.a[i * d.length + i] = d[i];
        }
        return m;
    }

    /** A copy of {@code values} (rows of equal length). */
    public static DenseMatrix of(double[][] values) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("values must have at least one row");
        }
        DenseMatrix m = new DenseMatrix(values.length, values[0].length);
        for (int i = 0; i < values.length; i++) {
            if (values[i].length != m.cols) {
                throw new IllegalArgumentException("row " + i + " has " + values[i].length + " entries but row 0 has "
                        + m.cols + ": all rows must have the same length");
            }
            System.arraycopy(values[i], 0, m.a, i * m.cols, m.cols);
        }
        return m;
    }

    /**
     * The matrix of an operator, column by column (column j = A e_j), not symmetrised: for a matrix of products
     * whose asymmetry you want to see ({@link #maxAsymmetry()}). {@link LinearOperator#dense()} is the checked,
     * symmetrised matrix.
     */
    public static DenseMatrix of(LinearOperator op) {
        int n = op.dimension();
        checkFits(n, n, "heap");
        DenseMatrix m = new DenseMatrix(n, n);
        double[] e = new double[n];
        for (int j = 0; j < n; j++) {
            e[j] = 1;
            double[] column = Vectors.checkedProduct(op, e);
            e[j] = 0;
            for (int i = 0; i < n; i++) {
                m.a[i * n + j] = column[i];
            }
        }
        return m;
    }

    /**
     * The one dense assembly of an operator: its products with the unit vectors, refused if asymmetric by more than
     * {@link #ASSEMBLY_SYMMETRY_TOLERANCE} of max(scale, its largest entry) (naming {@code what}), symmetrised. A
     * matrix is returned as a copy.
     */
    static DenseMatrix assemble(LinearOperator op, String what, double scale) {
        DenseMatrix m = op instanceof DenseMatrix ? ((DenseMatrix) op).times(1) : of(op);
        m.requireSymmetric(what, ASSEMBLY_SYMMETRY_TOLERANCE, Math.max(scale, m.maxAbs()));
        return m.symmetrized();
    }

    /**
     * The asymmetry an assembled operator may have, relative to its largest entry: finite-difference Hessians are
     * symmetric to ~1e-9; anything beyond 1e-6 is an operator that is not symmetric or a difference across a kink.
     */
    public static final double ASSEMBLY_SYMMETRY_TOLERANCE = 1e-6;

    /** A copy, as the dense matrix of this operator (a non-symmetric matrix is refused, as for any operator). */
    @Override
    public DenseMatrix dense() {
        requireSquare("dense");
        return assemble(this, "the matrix", 0);
    }

    /** A copy of a 2-D ND4J array. */
    public static DenseMatrix of(INDArray array) {
        if (array.rank() != 2) {
            throw new IllegalArgumentException("array must be a matrix, got shape " + Arrays.toString(array.shape()));
        }
        DenseMatrix m = new DenseMatrix((int) array.rows(), (int) array.columns());
        double[] flat = array.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        System.arraycopy(flat, 0, m.a, 0, m.a.length);
        return m;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public boolean isSquare() {
        return rows == cols;
    }

    @Override
    public int dimension() {
        requireSquare("dimension");
        return rows;
    }

    /** The row-major entries themselves, for the package's inner loops. */
    double[] data() {
        return a;
    }

    public double get(int i, int j) {
        return a[i * cols + j];
    }

    public void set(int i, int j, double value) {
        a[i * cols + j] = value;
    }

    public void add(int i, int j, double value) {
        a[i * cols + j] += value;
    }

    /** A v. */
    @Override
    public double[] apply(double[] v) {
        Vectors.check("v", v, cols);
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            double s = 0;
            int row = i * cols;
            for (int j = 0; j < cols; j++) {
                s += a[row + j] * v[j];
            }
            y[i] = s;
        }
        return y;
    }

    /** The rows and columns {@code from..to-1}: a diagonal block, e.g. one layer's parameters. */
    public DenseMatrix block(int from, int to) {
        return block(from, to, from, to);
    }

    /** Rows {@code r0..r1-1}, columns {@code c0..c1-1}. */
    public DenseMatrix block(int r0, int r1, int c0, int c1) {
        if (r0 < 0 || r1 > rows || r0 >= r1 || c0 < 0 || c1 > cols || c0 >= c1) {
            throw new IllegalArgumentException("block [" + r0 + ", " + r1 + ") x [" + c0 + ", " + c1
                    + ") is not a non-empty part of this " + rows + " x " + cols + " matrix");
        }
        DenseMatrix b = new DenseMatrix(r1 - r0, c1 - c0);
        for (int i = r0; i < r1; i++) {
            System.arraycopy(a, i * cols + c0, b.a, (i - r0) * b.cols, b.cols);
        }
        return b;
    }

    public double trace() {
        requireSquare("trace");
        double t = 0;
        for (int i = 0; i < rows; i++) {
            t += a[i * cols + i];
        }
        return t;
    }

    public double[] diagonalEntries() {
        requireSquare("diagonalEntries");
        double[] d = new double[rows];
        for (int i = 0; i < rows; i++) {
            d[i] = a[i * cols + i];
        }
        return d;
    }

    /** max |A_ij - A_ji|: 0 for a symmetric matrix, the rounding or finite-difference error for a Hessian. */
    public double maxAsymmetry() {
        requireSquare("maxAsymmetry");
        double m = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = i + 1; j < cols; j++) {
                m = Math.max(m, Math.abs(a[i * cols + j] - a[j * cols + i]));
            }
        }
        return m;
    }

    /** (A + A^T) / 2. */
    public DenseMatrix symmetrized() {
        requireSquare("symmetrized");
        DenseMatrix s = new DenseMatrix(rows, cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                s.a[i * cols + j] = 0.5 * (a[i * cols + j] + a[j * cols + i]);
            }
        }
        return s;
    }

    /**
     * Refuses a matrix that is not symmetric to within {@code relativeTolerance} of its largest entry, naming the
     * largest asymmetry: a symmetric eigen-solver would silently use only one triangle of it.
     */
    public void requireSymmetric(String name, double relativeTolerance) {
        requireSymmetric(name, relativeTolerance, maxAbs());
    }

    /** The same with the asymmetry measured against {@code scale} (e.g. the size of a matrix this one is part of). */
    public void requireSymmetric(String name, double relativeTolerance, double scale) {
        requireSquare(name);
        double asym = maxAsymmetry();
        if (asym > relativeTolerance * Math.max(scale, Double.MIN_NORMAL)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s is not symmetric: max |A_ij - A_ji| = %.3g against a scale of %.3g (allowed: %.1g of it); "
                            + "pass (A + A^T)/2 (DenseMatrix.symmetrized) if the asymmetry is rounding error",
                    name, asym, scale, relativeTolerance));
        }
    }

    public DenseMatrix plus(DenseMatrix other) {
        return combine(1, other, 1);
    }

    public DenseMatrix minus(DenseMatrix other) {
        return combine(1, other, -1);
    }

    public DenseMatrix times(double factor) {
        DenseMatrix m = new DenseMatrix(rows, cols);
        for (int k = 0; k < a.length; k++) {
            m.a[k] = factor * a[k];
        }
        return m;
    }

    /** a this + b other. */
    public DenseMatrix combine(double alpha, DenseMatrix other, double beta) {
        if (other.rows != rows || other.cols != cols) {
            throw new IllegalArgumentException("matrices of sizes " + rows + " x " + cols + " and " + other.rows + " x "
                    + other.cols + " cannot be added");
        }
        DenseMatrix m = new DenseMatrix(rows, cols);
        for (int k = 0; k < a.length; k++) {
            m.a[k] = alpha * a[k] + beta * other.a[k];
        }
        return m;
    }

    public double maxAbs() {
        return Vectors.maxAbs(a);
    }

    /** max |A_ij - B_ij|. */
    public double maxAbsDifference(DenseMatrix other) {
        return minus(other).maxAbs();
    }

    public double frobeniusNorm() {
        return Vectors.norm(a);
    }

    public double[][] toArray() {
        double[][] v = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(a, i * cols, v[i], 0, cols);
        }
        return v;
    }

    /** A c-ordered DOUBLE ND4J copy (off-heap). */
    public INDArray toINDArray() {
        return Nd4j.create(a.clone(), new long[]{rows, cols}, DataType.DOUBLE);
    }

    private void requireSquare(String what) {
        if (rows != cols) {
            throw new IllegalArgumentException(what + " needs a square matrix, this one is " + rows + " x " + cols);
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d x %d matrix, max |entry| %.3g", rows, cols, maxAbs());
    }
}
