package org.sparsesam.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How much heap one segmentation needs, per stage (the hand-made encoder's counted from its code, a self-describing
 * encoder's from its {@link org.sparsesam.core.encode.EncoderProfile}), worked out before any work starts
 * so that an image too large for the heap gets a message naming what would work instead of an
 * {@link OutOfMemoryError} half-way through.
 *
 * <p>The figures count the planes each stage holds at its peak (4 bytes per float, pixel or grid cell), read off
 * the code: the feature grid ({@code channels} planes on the grid) is held from encoding to the end, because the
 * embedding cache keeps it for the next click. Encoding holds the stain planes and one scale's Gaussian jet,
 * structure tensor and features; similarity adds the grid's norms and a few maps; tuning holds the head's
 * activations and gradients on the grid; instances hold the probability, mask, distance map, labels and the
 * watershed's queue; ROIs and outputs hold the labels and their 16- and 8-bit images. A fixed margin covers what
 * the planes do not (garbage collector headroom, large arrays rounded up to whole heap regions).
 */
public final class MemoryEstimate {
    public static final String ENCODE = "encode", SIMILARITY = "similarity", TUNING = "tuning", INSTANCES = "instances", OUTPUTS = "ROIs and outputs";
    public static final String TILE = "one tile";
    /** A tiled run's peak when it holds the whole image's planes or outputs as well as a tile. */
    public static final String TILES_AND_WHOLE = "tiles, with the whole image's planes, labels and map held";

    /** The advice every "too large" message ends with: ways to get memory that work whatever the image. */
    public static final String RAISE_HEAP = "give Java more memory (command line: SPARSE_SAM_JAVA_OPTS=-Xmx16g;"
            + " Fiji: Edit > Options > Memory & Threads), or crop or scale the image down first.";

    /** Garbage-collector headroom and region rounding over the counted planes (see the class comment). */
    static final double MARGIN = 1.25;

    /** Full-resolution float planes alive at once while one scale of the full feature set is computed. */
    public static final int ENCODE_WORK_PLANES = 24;
    /**
     * Grid planes per hidden channel a tuned head holds (activation, gradient and Adam moments): a deliberately
     * generous guess, not counted from the code; measured, tuning a 1-megapixel image needs less than similarity.
     */
    static final int TUNE_PLANES_PER_HIDDEN = 4;
    static final int TUNE_HIDDEN_CHANNELS = 16;

    private final long width;
    private final long height;
    private final Map<String, Long> stageBytes;
    /** The tile side of a tiled run, 0 untiled. */
    private final int tileSize;
    /** What the peak holds whatever the image's size (a tiled run's one tile): a crop does not shrink it. */
    private final long fixedBytes;

    private MemoryEstimate(long width, long height, Map<String, Long> stageBytes) {
        this(width, height, stageBytes, 0, 0);
    }

    private MemoryEstimate(long width, long height, Map<String, Long> stageBytes, int tileSize, long fixedBytes) {
        this.width = width;
        this.height = height;
        this.stageBytes = Collections.unmodifiableMap(stageBytes);
        this.tileSize = tileSize;
        this.fixedBytes = fixedBytes;
    }

    /**
     * What of the whole image a tiled run holds besides its tiles, measured on a 4000 x 4000 RGB PNG segmented with
     * the hand-made encoder (live heap after a full collection, bytes a pixel): the decoded ImagePlus 4.1; with the
     * image's float planes made of it 16.7; the planes alone 12.5; between tiles 20.9 (planes, assembled labels and
     * probability); the result alone 8.4; writing the outputs adds their 16- and 8-bit copies. Decoding (ImageIO's
     * 3 bytes a pixel and ImagePlus's 4, then those 4 and the planes' 12) peaks below what tiling holds, so it has
     * no stage of its own.
     */
    public enum Whole {
        /** Nothing: the tiles are read from a source and handed to a sink that writes or counts them. */
        STREAMED(false, false),
        /**
         * The labels (int) and probability (float) assembled over the whole image, 8 bytes a pixel; the image's planes
         * are in memory already, so the heap in use counts them (counting them here too would refuse, once the image
         * is read, what the check before reading let through).
         */
        ASSEMBLED(true, false),
        /** As {@link #ASSEMBLED}, and the image's planes (12 bytes a pixel RGB, 4 grey): for a check before they are made. */
        IMAGE_AND_ASSEMBLED(true, true);

        final boolean assembles;
        final boolean countsImage;

        Whole(boolean assembles, boolean countsImage) {
            this.assembles = assembles;
            this.countsImage = countsImage;
        }
    }

    /**
     * A tiled run with the built-in encoder (see {@code core.tile.TiledSegmentation}): one tile's working memory, as an
     * untiled image of the tile's size, held together with what the run holds of the whole image.
     */
    public static MemoryEstimate tiled(int width, int height, boolean rgb, int featureChannels, int stride, int tileSize, Whole whole) {
        return tiled(width, height, rgb, featureChannels, stride, tileSize, whole, heapRegionBytes(Runtime.getRuntime().maxMemory()));
    }

    public static MemoryEstimate tiled(int width, int height, boolean rgb, int featureChannels, int stride, int tileSize, Whole whole,
                                       long regionBytes) {
        long pixels = (long) width * height;
        int tw = Math.min(width, tileSize), th = Math.min(height, tileSize);
        long tile = builtin(tw, th, rgb, featureChannels, stride, false, regionBytes).peakBytes();
        long plane = inRegions(4 * pixels, regionBytes);
        long assembled = whole.assembles ? 2 * plane : 0;
        long image = whole.countsImage ? (rgb ? 3 : 1) * plane : 0;
        Map<String, Long> stages = new LinkedHashMap<>();
        stages.put(whole == Whole.STREAMED ? TILE : TILES_AND_WHOLE, tile + margin(image + assembled));
        if (whole.assembles) {
            // labels, probability, and the 16-bit labels and 8-bit mask the outputs make of them (the image's planes
            // are let go by then)
            stages.put(OUTPUTS, margin(assembled + inRegions(2 * pixels, regionBytes) + inRegions(pixels, regionBytes)));
        }
        return new MemoryEstimate(width, height, stages, tileSize, tile);
    }

    /** Whether {@link #requireFitsInThisJvm} would pass now (without collecting garbage first). */
    public boolean fitsInThisJvm() {
        return peakBytes() <= Runtime.getRuntime().maxMemory() - heapInUse(false);
    }

    /**
     * @param featureChannels channels of the feature grid (the built-in encoder: 60 for RGB, 28 for grey)
     * @param stride          image pixels per grid cell along each axis
     */
    public static MemoryEstimate builtin(int width, int height, boolean rgb, int featureChannels, int stride, boolean tune) {
        return builtin(width, height, rgb, featureChannels, stride, tune, heapRegionBytes(Runtime.getRuntime().maxMemory()));
    }

    /**
     * @param regionBytes the garbage collector's heap region: an array of half a region or more takes whole regions
     *                    (a 512x512 float plane, 1 MB and a header, takes two 1 MB regions); 0 counts bytes only
     */
    public static MemoryEstimate builtin(int width, int height, boolean rgb, int featureChannels, int stride, boolean tune,
                                         long regionBytes) {
        long pixels = (long) width * height;
        long cells = (long) ((width + stride - 1) / stride) * ((height + stride - 1) / stride);
        long plane = inRegions(4 * pixels, regionBytes), cellPlane = inRegions(4 * cells, regionBytes);
        long input = (rgb ? 3 : 1) * plane;
        long grid = featureChannels * cellPlane;
        // the stain prior's smoothed planes (each stain at each scale), kept from the similarity step on so that
        // another click reuses them
        long stainScales = (rgb ? 2 : 1) * (long) org.sparsesam.core.similarity.StainScales.SCALE_COUNT * plane;
        Map<String, Long> stages = new LinkedHashMap<>();
        // stain planes (3), one scale's work planes, and the grid filling up
        stages.put(ENCODE, margin(input + grid + 3 * plane + ENCODE_WORK_PLANES * plane));
        // the grid, its norms (double), one channel's unit-length components, a dot-product plane per click (ten
        // counted) and the two best-cosine maps; upsampled map and stain prior planes
        stages.put(SIMILARITY, margin(input + stainScales + grid + 2 * cellPlane + cellPlane + 12 * cellPlane + 5 * plane));
        if (tune) {
            stages.put(TUNING, margin(input + grid + (long) TUNE_PLANES_PER_HIDDEN * TUNE_HIDDEN_CHANNELS * cellPlane + 4 * plane));
        }
        // probability, mask (1 byte), distance map, labels, watershed queue (8 bytes) and the splitter's copies
        long bytePlane = inRegions(pixels, regionBytes), shortPlane = inRegions(2 * pixels, regionBytes);
        stages.put(INSTANCES, margin(input + stainScales + grid + 2 * plane + bytePlane + 2 * plane + 2 * plane + 2 * plane));
        // labels, probability, 16-bit labels, 8-bit mask, the ROI traces' scratch
        stages.put(OUTPUTS, margin(input + 2 * plane + shortPlane + bytePlane + plane));
        return new MemoryEstimate(width, height, stages);
    }

    /**
     * An untiled run with an encoder that describes itself (the learned encoder): its grid (channels and auxiliary
     * planes) is held from encoding to the end, as the built-in one's; encoding adds the encoder's own working memory
     * for the part it encodes at once (a tile, or the whole image); the later stages hold what the built-in estimate
     * counts, without the stain prior's planes.
     */
    public static MemoryEstimate of(int width, int height, boolean rgb, org.sparsesam.core.encode.EncoderProfile profile, boolean tune) {
        long regionBytes = heapRegionBytes(Runtime.getRuntime().maxMemory());
        long pixels = (long) width * height;
        int stride = profile.stride();
        long cells = (long) ((width + stride - 1) / stride) * ((height + stride - 1) / stride);
        long plane = inRegions(4 * pixels, regionBytes), cellPlane = inRegions(4 * cells, regionBytes);
        long input = (rgb ? 3 : 1) * plane;
        long grid = (long) (profile.channels() + profile.auxiliaryPlanes()) * cellPlane;
        long encodedAtOnce = profile.tileSize() > 0 ? Math.min(pixels, (long) profile.tileSize() * profile.tileSize()) : pixels;
        Map<String, Long> stages = new LinkedHashMap<>();
        long bytePlane = inRegions(pixels, regionBytes), shortPlane = inRegions(2 * pixels, regionBytes);
        // What a session keeps for the next click on the image (SimilarityMemo, InstanceLabelling): the unit-length
        // grid once the user clicks again, the last map on the grid and at pixel resolution, the pieces' keys, indices,
        // last mask, queue and crops (about two planes).
        long live = (long) profile.channels() * cellPlane + cellPlane + plane + 3 * plane + bytePlane + 2 * plane;
        stages.put(ENCODE, margin(input + grid + (long) Math.ceil(profile.workBytesPerPixel() * encodedAtOnce)));
        stages.put(SIMILARITY, margin(input + grid + live + 2 * cellPlane + cellPlane + 12 * cellPlane + 2 * plane));
        if (tune) {
            stages.put(TUNING, margin(input + grid + live + (long) TUNE_PLANES_PER_HIDDEN * TUNE_HIDDEN_CHANNELS * cellPlane + 4 * plane));
        }
        // probability, the upsampled edge-distance map, mask, distance map, labels, watershed queue, splitter copies
        stages.put(INSTANCES, margin(input + grid + live + 3 * plane + bytePlane + 2 * plane + 2 * plane + 2 * plane));
        stages.put(OUTPUTS, margin(input + 2 * plane + shortPlane + bytePlane + plane));
        return new MemoryEstimate(width, height, stages);
    }

    /** An array's footprint: its bytes and header, or whole regions when it counts as humongous. */
    static long inRegions(long arrayBytes, long regionBytes) {
        long bytes = arrayBytes + 16;
        if (regionBytes <= 0 || bytes < regionBytes / 2) {
            return bytes;
        }
        return (bytes + regionBytes - 1) / regionBytes * regionBytes;
    }

    /** G1's default region for a heap: about heap / 2048, a power of two from 1 to 32 MB. */
    static long heapRegionBytes(long maxHeap) {
        long region = Long.highestOneBit(Math.max(1, maxHeap / 2048));
        return Math.max(1L << 20, Math.min(32L << 20, region));
    }

    private static long margin(long bytes) {
        return (long) Math.ceil(bytes * MARGIN);
    }

    public Map<String, Long> stageBytes() {
        return stageBytes;
    }

    public long peakBytes() {
        return stageBytes.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    public String peakStage() {
        return stageBytes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(ENCODE);
    }

    /**
     * Refuses, before any work, when the peak exceeds {@code availableBytes}, saying how large the heap must be and
     * what else would work: no tuning when tuning is the peak, or an image crop of the size that fits.
     */
    public void requireFits(long availableBytes, long heapInUse) {
        long peak = peakBytes();
        if (peak <= availableBytes) {
            return;
        }
        long neededHeap = heapInUse + peak;
        long gigabytes = Math.max(1, (long) Math.ceil(neededHeap * 1.1 / (1L << 30)));
        StringBuilder alternatives = new StringBuilder();
        if (peakStage().equals(TUNING) && stageBytes.size() > 1) {
            long withoutTuning = stageBytes.entrySet().stream().filter(e -> !e.getKey().equals(TUNING))
                    .mapToLong(Map.Entry::getValue).max().orElse(0);
            if (withoutTuning <= availableBytes) {
                alternatives.append(" or segment without tuning (--tune none / tune=none);");
            }
        }
        // a tile of half the side needs a quarter of the memory; what the run holds of the whole image stays
        if (tileSize >= 1024 && peak - fixedBytes + fixedBytes / 4 <= availableBytes) {
            alternatives.append(String.format(Locale.ROOT, " or smaller tiles (command line: --tile-size %d);", tileSize / 2));
        }
        // a crop shrinks what grows with the area, not a tile
        double fraction = availableBytes > fixedBytes && peak > fixedBytes ? (double) (availableBytes - fixedBytes) / (peak - fixedBytes) : 0;
        long side = (long) Math.floor(Math.sqrt(fraction * width * height));
        if (side >= 64) {
            alternatives.append(String.format(Locale.ROOT, " or crop the image to about %d x %d pixels (%.1f megapixels) and segment the parts;",
                    side, side, side * (double) side / 1e6));
        }
        throw new SparseSamException(String.format(Locale.ROOT,
                "Segmenting this %d x %d image needs about %s of memory (most in %s) but Java has %s free: run with a heap of"
                        + " at least %d GB (command line: SPARSE_SAM_JAVA_OPTS=-Xmx%dg; Fiji: Edit > Options > Memory & Threads, %d MB);%s"
                        + " nothing was changed.",
                width, height, megabytes(peak), peakStage(), megabytes(availableBytes), gigabytes, gigabytes, gigabytes * 1024,
                alternatives));
    }

    /** Heap this JVM can still give: its maximum less what is in use (garbage included; see {@link #requireFitsInThisJvm}). */
    public static long availableHeap() {
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        return free;
    }

    /** Heap in use now, after a collection when {@code collect}. */
    public static long heapInUse(boolean collect) {
        if (collect) {
            System.gc();
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** Checks the estimate against this JVM's heap, collecting garbage once before refusing. */
    public void requireFitsInThisJvm() {
        long max = Runtime.getRuntime().maxMemory();
        long inUse = heapInUse(false);
        if (peakBytes() > max - inUse) {
            inUse = heapInUse(true);
        }
        requireFits(max - inUse, inUse);
    }

    /** "512 MB" or "3.2 GB". */
    public static String megabytes(long bytes) {
        double mb = bytes / (1024.0 * 1024.0);
        return mb >= 1024 ? String.format(Locale.ROOT, "%.1f GB", mb / 1024) : String.format(Locale.ROOT, "%.0f MB", mb);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(width + "x" + height + ":");
        stageBytes.forEach((stage, bytes) -> sb.append(' ').append(stage).append('=').append(megabytes(bytes)));
        return sb.toString();
    }
}
