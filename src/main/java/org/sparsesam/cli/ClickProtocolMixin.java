package org.sparsesam.cli;

import org.sparsesam.core.prompt.ClickSimulator.ClickCounts;
import org.sparsesam.core.prompt.ClickSimulator.Protocol;
import picocli.CommandLine.Option;

/** How clicks are simulated from ground truth: shared by evaluate and points-from-truth, so both place the same clicks. */
public final class ClickProtocolMixin {
    @Option(names = "--clicks", defaultValue = "5:5", paramLabel = "FG:BG",
            description = "Foreground:background clicks per image, e.g. 5:5, or 5:0 for foreground only (default: ${DEFAULT-VALUE}).")
    String clicks;

    @Option(names = "--protocol", defaultValue = "random", paramLabel = "NAME",
            description = "Click placement: random, centroid or mask-derived (default: ${DEFAULT-VALUE}).")
    String protocol;

    ClickCounts counts() {
        return ClickCounts.parse(clicks);
    }

    Protocol protocol() {
        return Protocol.parse(protocol);
    }
}
