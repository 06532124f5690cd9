package org.sparsesam.core.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Everything one evaluation run found, in item order, and its summaries. */
public record EvaluationReport(String dataset, GtKind gtKind, EvaluationSettings settings, List<ItemEvaluation> evaluations) {
    public EvaluationReport {
        evaluations = List.copyOf(evaluations);
    }

    /** Items evaluated in at least one repeat. */
    public int evaluatedImages() {
        return itemsWith(ItemEvaluation.Status.OK).size();
    }

    public int skippedImages() {
        return itemsWith(ItemEvaluation.Status.SKIPPED).size();
    }

    /** Items that failed in some repeat (or could not be read at all). */
    public int failedImages() {
        return itemsWith(ItemEvaluation.Status.FAILED).size();
    }

    private Set<String> itemsWith(ItemEvaluation.Status status) {
        Set<String> items = new LinkedHashSet<>();
        for (ItemEvaluation e : evaluations) {
            if (e.status() == status) {
                items.add(e.item());
            }
        }
        return items;
    }

    public List<MetricSummary> summaries() {
        List<MetricSummary> out = new ArrayList<>();
        for (Metric m : Metric.values()) {
            out.add(summary(m));
        }
        return out;
    }

    public MetricSummary summary(Metric metric) {
        Map<String, List<Double>> byImage = new LinkedHashMap<>();
        Map<Integer, List<Double>> byRepeat = new LinkedHashMap<>();
        List<Double> all = new ArrayList<>();
        for (ItemEvaluation e : evaluations) {
            if (!e.isOk()) {
                continue;
            }
            double v = metric.of(e.metrics());
            if (Double.isNaN(v)) {
                continue;
            }
            all.add(v);
            byImage.computeIfAbsent(e.item(), k -> new ArrayList<>()).add(v);
            byRepeat.computeIfAbsent(e.repeat(), k -> new ArrayList<>()).add(v);
        }
        return new MetricSummary(metric, mean(all), sampleSd(means(byRepeat.values())),
                sampleSd(means(byImage.values())), byImage.size());
    }

    private static List<Double> means(Iterable<List<Double>> groups) {
        List<Double> out = new ArrayList<>();
        for (List<Double> g : groups) {
            out.add(mean(g));
        }
        return out;
    }

    private static double mean(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.size();
    }

    private static double sampleSd(List<Double> values) {
        if (values.size() < 2) {
            return Double.NaN;
        }
        double m = mean(values);
        double ss = 0;
        for (double v : values) {
            ss += (v - m) * (v - m);
        }
        return Math.sqrt(ss / (values.size() - 1));
    }
}
