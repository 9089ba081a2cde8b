package org.landscape.model;

import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossHinge;
import org.nd4j.linalg.lossfunctions.impl.LossL2;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * The loss of one example, averaged over the sample: the empirical risk R_S = (1/m) sum_i loss(Phi(x_i), y_i).
 * SQUARE is |Phi(x) - y|^2 (summed over outputs), CROSS_ENTROPY is softmax cross-entropy, HINGE the multi-output
 * hinge loss with labels in {-1, +1}, LOGISTIC the binary cross-entropy of a sigmoid output per output unit
 * (labels in [0, 1]): logistic regression when there is no hidden layer.
 */
public enum Loss {
    SQUARE, CROSS_ENTROPY, HINGE, LOGISTIC;

    ILossFunction dl4j() {
        switch (this) {
            case SQUARE:
                return new LossL2();
            case CROSS_ENTROPY:
                return new LossMCXENT();
            case LOGISTIC:
                return new LossBinaryXENT();
            default:
                return new LossHinge();
        }
    }

    org.nd4j.linalg.activations.Activation outputActivation() {
        switch (this) {
            case CROSS_ENTROPY:
                return org.nd4j.linalg.activations.Activation.SOFTMAX;
            case LOGISTIC:
                return org.nd4j.linalg.activations.Activation.SIGMOID;
            default:
                return org.nd4j.linalg.activations.Activation.IDENTITY;
        }
    }
}
