package org.sparsesam.core.eval;

/**
 * One metric over a run. NaN where undefined (a metric that does not apply, or a spread from fewer than two values).
 *
 * @param mean          mean over every evaluated (image, repeat)
 * @param sdOverRepeats sample standard deviation of the per-repeat dataset means: how much the clicks' seed matters
 * @param sdOverImages  sample standard deviation of the per-image means: how much images differ
 * @param images        images with a defined value
 */
public record MetricSummary(Metric metric, double mean, double sdOverRepeats, double sdOverImages, int images) {}
