package org.sparsesam.batch;

/**
 * What became of one image in a batch run: a row of the summary table.
 *
 * @param objects objects segmented (for an image finished earlier, as its journal entry says); -1 when none
 * @param seconds wall time of segmenting and writing it; NaN when it was not segmented in this run
 */
public record BatchRow(String image, Status status, int objects, double seconds, String message) {
    /** The status words of the summary table, chosen so that a spreadsheet filter on them reads naturally. */
    public enum Status {
        /** Segmented and written in this run. */
        DONE("done"),
        /** Finished by an earlier run (journal entry and every output present); left as it was. */
        ALREADY_DONE("already-done"),
        /** Not an image this batch can work on as given (no points file); nothing written. */
        SKIPPED("skipped"),
        /** Unreadable image, bad points or a failed segmentation; the next run tries it again. */
        FAILED("failed"),
        /** The run was cancelled before this image; the next run does it. */
        NOT_REACHED("not-reached");

        private final String word;

        Status(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }
}
