package org.sparsesam.core.eval;

/** Panoptic quality (Kirillov et al. 2019) and its parts, with the match counts it came from. */
public record PanopticQuality(double pq, double dq, double sq, int truePositives, int falsePositives, int falseNegatives) {}
