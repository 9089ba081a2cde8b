package org.landscape.model;

/** The activation functions of the book's experiments, with their DL4J counterparts. */
public enum Activation {
    RELU(org.nd4j.linalg.activations.Activation.RELU),
    LEAKY_RELU(org.nd4j.linalg.activations.Activation.LEAKYRELU),
    TANH(org.nd4j.linalg.activations.Activation.TANH),
    LINEAR(org.nd4j.linalg.activations.Activation.IDENTITY);

    private final org.nd4j.linalg.activations.Activation dl4j;

    Activation(org.nd4j.linalg.activations.Activation dl4j) {
        this.dl4j = dl4j;
    }

    public org.nd4j.linalg.activations.Activation dl4j() {
        return dl4j;
    }

    /** sigma(x), for checks written by hand (DL4J's leaky ReLU slope is 0.01). */
    public double apply(double x) {
        switch (this) {
            case RELU:
                return Math.max(0, x);
            case LEAKY_RELU:
                return x > 0 ? x : 0.01 * x;
            case TANH:
                return Math.tanh(x);
            default:
                return x;
        }
    }
}
