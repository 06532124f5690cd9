package org.sparsesam.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects timings per named stage over repeats and reports medians; measures peak heap through the memory pools. */
final class BenchStats {
    private final Map<String, List<Double>> samples = new LinkedHashMap<>();

    void add(String stage, double millis) {
        samples.computeIfAbsent(stage, k -> new ArrayList<>()).add(millis);
    }

    void addAll(Map<String, Double> stageMillis, String prefix) {
        stageMillis.forEach((stage, ms) -> add(prefix + stage, ms));
    }

    /** Stage names in the order first seen, which is the pipeline's run order. */
    List<String> stages() {
        return new ArrayList<>(samples.keySet());
    }

    double median(String stage) {
        List<Double> values = samples.get(stage);
        return values == null ? Double.NaN : median(values);
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /**
     * The process's peak resident memory in MB (Linux's VmHWM), or NaN where /proc is missing. Unlike the heap it
     * includes native memory: ONNX Runtime's and, with tune = sam, PyTorch's. It is a process-wide peak, never reset.
     */
    static double peakResidentMegabytes() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // Not Linux, or an unexpected format: the figure is simply not available.
        }
        return Double.NaN;
    }

    static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    /**
     * Forgets the heap pools' peaks (after a GC, so the next peak is this run's own) and returns the heap in use
     * now, in MB: the baseline that a run's peak is compared with.
     */
    static double resetPeakHeap() {
        System.gc();
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
                bytes += pool.getUsage().getUsed();
            }
        }
        return bytes / (1024.0 * 1024.0);
    }

    /**
     * Sum of the heap pools' peaks since the last reset, in MB. Pools peak at different moments, so this
     * slightly overstates the true peak; it is the usual figure and comparable between runs.
     */
    static double peakHeapMegabytes() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                bytes += pool.getPeakUsage().getUsed();
            }
        }
        return bytes / (1024.0 * 1024.0);
    }

    /** The highest heap peak over measured runs: absolute, and above the heap each run started from. */
    static final class HeapPeaks {
        double peakMb;
        double addedMb;

        /** Call after a measured run that started from {@code baseline} (what {@link #resetPeakHeap} returned). */
        void record(double baseline) {
            double peak = peakHeapMegabytes();
            peakMb = Math.max(peakMb, peak);
            addedMb = Math.max(addedMb, peak - baseline);
        }
    }
}
