package org.landscape.model;

import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossHinge;
import org.nd4j.linalg.lossfunctions.impl.LossL2;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * The loss of one example, averaged over the sample: the empirical risk R_S = (1/m) sum_i loss(Phi(x_i), y_i).
 * SQUARE is |Phi(x) - y|^2 (summed over outputs), CROSS_ENTROPY is softmax cross-entropy, HINGE the multi-output
 * hinge loss with labels in {-1, +1}.
 */
public enum Loss {
    SQUARE, CROSS_ENTROPY, HINGE;

    ILossFunction dl4j() {
        switch (this) {
            case SQUARE:
                return new LossL2();
            case CROSS_ENTROPY:
                return new LossMCXENT();
            default:
                return new LossHinge();
        }
    }

    org.nd4j.linalg.activations.Activation outputActivation() {
        return this == CROSS_ENTROPY ? org.nd4j.linalg.activations.Activation.SOFTMAX
                : org.nd4j.linalg.activations.Activation.IDENTITY;
    }
}
