package org.sparsesam.batch;

import java.util.List;
import java.util.Locale;

/** The batch summary as CSV: image,status,objects,seconds,message; one row per image, in processing order. */
final class SummaryCsv {
    static final String HEADER = "image,status,objects,seconds,message";

    private SummaryCsv() {}

    static String format(List<BatchRow> rows) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (BatchRow r : rows) {
            sb.append(cell(r.image())).append(',').append(r.status().word()).append(',')
                    .append(r.objects() < 0 ? "" : Integer.toString(r.objects())).append(',')
                    .append(Double.isNaN(r.seconds()) ? "" : String.format(Locale.ROOT, "%.2f", r.seconds())).append(',')
                    .append(cell(r.message())).append('\n');
        }
        return sb.toString();
    }

    /** RFC 4180 quoting: only cells holding a separator, a quote or a line break are quoted. */
    static String cell(String text) {
        if (text == null) {
            return "";
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }
}
