package org.sparsesam.core.prompt;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.SparseSamException;

class PointChecksTest {
    @Test
    void refusesNoPointsOnlyBackgroundAndPointsOutside() {
        assertTrue(message(List.of()).startsWith("No points"));
        assertTrue(message(List.of(Point.bg(1, 1))).startsWith("Only background"));
        String outside = message(List.of(Point.fg(1, 1), Point.fg(120, 5)));
        assertTrue(outside.contains("Point 2 (x=120, y=5)") && outside.contains("100x50"), outside);
        assertDoesNotThrow(() -> PointChecks.validate(List.of(Point.fg(0, 0), Point.fg(99, 49)), 100, 50));
    }

    private static String message(List<Point> points) {
        return assertThrows(SparseSamException.class, () -> PointChecks.validate(points, 100, 50)).getMessage();
    }
}
