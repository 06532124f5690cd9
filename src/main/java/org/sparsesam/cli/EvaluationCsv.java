package org.sparsesam.cli;

import java.util.Locale;
import java.util.Map;
import org.sparsesam.core.eval.EvaluationReport;
import org.sparsesam.core.eval.ImageMetrics;
import org.sparsesam.core.eval.ItemEvaluation;
import org.sparsesam.core.eval.Metric;
import org.sparsesam.core.eval.MetricSummary;

/**
 * The evaluation's files as text. Formatting is fixed (Locale.ROOT, fixed decimals, "nan", LF line ends)
 * and holds no timings, so the same run with the same seed writes byte-identical per-image and summary files.
 */
final class EvaluationCsv {
    private EvaluationCsv() {}

    static String perImage(EvaluationReport report) {
        StringBuilder sb = new StringBuilder("image,repeat,seed,status,gt_kind,fg_clicks,bg_clicks,gt_objects,pred_objects,matches");
        for (Metric m : Metric.values()) {
            sb.append(',').append(m.key());
        }
        sb.append(",message,notes\n");
        for (ItemEvaluation e : report.evaluations()) {
            ImageMetrics m = e.metrics();
            long fg = e.points().stream().filter(p -> p.isForeground()).count();
            sb.append(quote(e.item())).append(',').append(e.repeat()).append(',').append(e.seed()).append(',')
                    .append(e.status().key()).append(',').append(e.gtKind().csvName()).append(',')
                    .append(fg).append(',').append(e.points().size() - fg).append(',')
                    .append(m == null ? "" : m.gtObjects()).append(',')
                    .append(m == null ? "" : m.predObjects()).append(',')
                    .append(m == null ? "" : m.matches());
            for (Metric metric : Metric.values()) {
                sb.append(',').append(m == null ? "" : number(metric.of(m), 6));
            }
            sb.append(',').append(quote(e.message())).append(',').append(quote(String.join("; ", e.notes()))).append('\n');
        }
        return sb.toString();
    }

    static String summary(EvaluationReport report) {
        StringBuilder sb = new StringBuilder("metric,mean,sd_over_repeats,sd_over_images,images\n");
        for (MetricSummary s : report.summaries()) {
            sb.append(s.metric().key()).append(',').append(number(s.mean(), 6)).append(',')
                    .append(number(s.sdOverRepeats(), 6)).append(',').append(number(s.sdOverImages(), 6)).append(',')
                    .append(s.images()).append('\n');
        }
        return sb.toString();
    }

    /** Run-dependent wall times, kept apart from the reproducible files. */
    static String timings(EvaluationReport report) {
        StringBuilder sb = new StringBuilder("image,repeat,stage,millis\n");
        for (ItemEvaluation e : report.evaluations()) {
            if (!e.isOk()) {
                continue;
            }
            for (Map.Entry<String, Double> stage : e.stageMillis().entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
                sb.append(quote(e.item())).append(',').append(e.repeat()).append(',').append(quote(stage.getKey())).append(',')
                        .append(number(stage.getValue(), 1)).append('\n');
            }
            sb.append(quote(e.item())).append(',').append(e.repeat()).append(",segment_total,").append(number(e.totalMillis(), 1)).append('\n');
        }
        return sb.toString();
    }

    /** The last line the command prints, in a fixed format that scripts parse. */
    static String meanLine(EvaluationReport report) {
        return "mean dice " + number(report.summary(Metric.DICE).mean(), 4)
                + " iou " + number(report.summary(Metric.IOU).mean(), 4)
                + " aji " + number(report.summary(Metric.AJI).mean(), 4)
                + " pq " + number(report.summary(Metric.PQ).mean(), 4)
                + " images " + report.evaluatedImages();
    }

    static String number(double v, int decimals) {
        return Double.isNaN(v) ? "nan" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    static String quote(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"").replace('\n', ' ') + '"';
    }
}
