package org.sparsesam.core.eval;

import java.util.List;
import java.util.Map;
import org.sparsesam.core.prompt.Point;

/**
 * One item's outcome in one repeat. Items that could not be evaluated at all (no mask, unreadable) give a
 * single entry with repeat 0.
 *
 * @param metrics     the scores, or null unless the status is OK
 * @param message     why the item was skipped or failed; empty when OK
 * @param notes       notes from the click simulation and the segmentation
 * @param stageMillis the segmentation's stage timings (run-dependent: keep them out of reproducible files)
 * @param totalMillis wall time of the segment call
 */
public record ItemEvaluation(String item, int repeat, long seed, Status status, String message, GtKind gtKind,
                             ImageMetrics metrics, List<Point> points, List<String> notes,
                             Map<String, Double> stageMillis, double totalMillis) {
    public enum Status {
        OK, SKIPPED, FAILED;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public ItemEvaluation {
        points = List.copyOf(points);
        notes = List.copyOf(notes);
        stageMillis = Map.copyOf(stageMillis);
    }

    static ItemEvaluation notEvaluated(String item, long seed, Status status, String message, GtKind kind) {
        return new ItemEvaluation(item, 0, seed, status, message, kind, null, List.of(), List.of(), Map.of(), Double.NaN);
    }

    public boolean isOk() {
        return status == Status.OK;
    }
}
