package org.sparsesam.core;

/** Where the core reports what it is doing; front ends map it to a progress bar, a status line or a log. */
@FunctionalInterface
public interface Progress {
    /**
     * @param stage    short human-readable name of the current step ("encode", "tile 3/12", ...)
     * @param fraction completion of the whole job in [0, 1], or a negative number when unknown
     */
    void report(String stage, double fraction);

    /** Notes worth telling the user (e.g. "grey image: using intensity features"). Default: ignored. */
    default void note(String message) {}

    Progress NONE = (stage, fraction) -> {};

    /** Maps a sub-task's [0, 1] onto [offset, offset + span] of {@code parent}, passing notes through. */
    static Progress scaled(Progress parent, double offset, double span) {
        return new Progress() {
            @Override
            public void report(String stage, double fraction) {
                parent.report(stage, fraction < 0 ? fraction : offset + span * Math.min(1, fraction));
            }

            @Override
            public void note(String message) {
                parent.note(message);
            }
        };
    }
}
