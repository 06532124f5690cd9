package org.sparsesam.core.fewshot;

import java.util.Random;
import org.sparsesam.core.tune.FeatureStandardization;
import org.sparsesam.core.tune.Head;
import org.sparsesam.core.tune.HeadKind;
import org.sparsesam.core.tune.TuneOptions;

/**
 * A trained head as numbers, the form a model file stores: its architecture, the feature standardisation it
 * was trained with, and its parameter groups in {@link Head#parameters()} order.
 */
public record HeadWeights(HeadKind kind, int hiddenUnits, int convLayers, double[] mean, double[] inverseStd,
                          double[][] parameters) {

    public static HeadWeights of(HeadKind kind, TuneOptions options, FeatureStandardization standardization, Head head) {
        double[][] p = head.parameters();
        double[][] copy = new double[p.length][];
        for (int i = 0; i < p.length; i++) {
            copy[i] = p[i].clone();
        }
        return new HeadWeights(kind, options.hiddenUnits(), options.convLayers(), standardization.means(),
                standardization.inverseStds(), copy);
    }

    public int channels() {
        return mean.length;
    }

    /** The head these numbers describe; throws IllegalArgumentException when they do not fit its shape. */
    public Head toHead() {
        TuneOptions options = TuneOptions.builder().head(kind).hiddenUnits(hiddenUnits).convLayers(convLayers).build();
        Head head = kind.create(FeatureStandardization.fromValues(mean, inverseStd), options, new Random(0));
        double[][] target = head.parameters();
        if (target.length != parameters.length) {
            throw new IllegalArgumentException("a " + kind.key() + " head has " + target.length + " parameter groups, not " + parameters.length);
        }
        for (int g = 0; g < target.length; g++) {
            if (target[g].length != parameters[g].length) {
                throw new IllegalArgumentException("parameter group " + head.parameterNames()[g] + " holds "
                        + target[g].length + " values, not " + parameters[g].length);
            }
            System.arraycopy(parameters[g], 0, target[g], 0, target[g].length);
        }
        return head;
    }
}
