package org.sparsesam.core.eval;

import org.sparsesam.core.SparseSamException;
import org.sparsesam.core.prompt.ClickSimulator;
import org.sparsesam.core.prompt.ClickSimulator.ClickCounts;
import org.sparsesam.core.prompt.ClickSimulator.Protocol;

/**
 * How an evaluation run simulates clicks and repeats itself. Repeat r uses seed {@code seed + r}.
 *
 * @param interiorMargin   pixels a foreground click keeps from its object's border
 * @param backgroundMargin pixels a random background click keeps from every object
 */
public record EvaluationSettings(ClickCounts clicks, Protocol protocol, long seed, int repeats,
                                 int interiorMargin, int backgroundMargin) {
    public EvaluationSettings {
        if (repeats < 1) {
            throw new SparseSamException("repeats is " + repeats + ": use 1 or more.");
        }
    }

    public EvaluationSettings(ClickCounts clicks, Protocol protocol, long seed, int repeats) {
        this(clicks, protocol, seed, repeats, ClickSimulator.DEFAULT_INTERIOR_MARGIN, ClickSimulator.DEFAULT_BACKGROUND_MARGIN);
    }

    public ClickSimulator simulator() {
        return new ClickSimulator(protocol, clicks, interiorMargin, backgroundMargin);
    }
}
