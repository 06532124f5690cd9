package org.sparsesam.core.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.SparseSamException;

class PointsCsvTest {
    @Test
    void readsHeaderCommentsAndBothLabelSpellings() throws Exception {
        String csv = "x,y,label\n# a comment\n10,20,fg\n\n30.5, 40 ,0\n5;6;bg\n";
        List<Point> p = PointsCsv.read(new StringReader(csv), "p.csv");
        assertEquals(List.of(Point.fg(10, 20), Point.bg(30.5, 40), Point.bg(5, 6)), p);
    }

    @Test
    void roundTripsThroughFormat() throws Exception {
        List<Point> p = List.of(Point.fg(1, 2), Point.bg(3.25, 4));
        assertEquals(p, PointsCsv.read(new StringReader(PointsCsv.format(p)), "x"));
    }

    @Test
    void namesTheBadLine() {
        SparseSamException e = assertThrows(SparseSamException.class,
                () -> PointsCsv.read(new StringReader("x,y,label\n1,2,fg\n3,abc,fg\n"), "p.csv"));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        e = assertThrows(SparseSamException.class, () -> PointsCsv.read(new StringReader("1,2,maybe\n"), "p.csv"));
        assertTrue(e.getMessage().contains("fg or bg"), e.getMessage());
        e = assertThrows(SparseSamException.class, () -> PointsCsv.read(new StringReader("1,NaN,fg\n"), "p.csv"));
        assertTrue(e.getMessage().contains("not finite"), e.getMessage());
    }
}
