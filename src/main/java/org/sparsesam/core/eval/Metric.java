package org.sparsesam.core.eval;

import java.util.function.ToDoubleFunction;

/** The scores a run summarises, with their column names in the CSV files. */
public enum Metric {
    DICE("dice", ImageMetrics::dice),
    IOU("iou", ImageMetrics::iou),
    AJI("aji", ImageMetrics::aji),
    PQ("pq", ImageMetrics::pq),
    DQ("dq", ImageMetrics::dq),
    SQ("sq", ImageMetrics::sq),
    F1_IOU50("f1_iou50", ImageMetrics::f1Iou50),
    GLAS_F1("glas_f1", ImageMetrics::glasF1),
    GLAS_OBJECT_DICE("glas_object_dice", ImageMetrics::glasObjectDice);

    private final String key;
    private final ToDoubleFunction<ImageMetrics> value;

    Metric(String key, ToDoubleFunction<ImageMetrics> value) {
        this.key = key;
        this.value = value;
    }

    public String key() {
        return key;
    }

    public double of(ImageMetrics m) {
        return value.applyAsDouble(m);
    }
}
