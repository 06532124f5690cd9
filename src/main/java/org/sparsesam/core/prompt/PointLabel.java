package org.sparsesam.core.prompt;

import java.util.Locale;

/** Whether a click marks the structure to find (foreground) or something else (background). */
public enum PointLabel {
    FOREGROUND, BACKGROUND;

    /** Parses the spellings users write in CSV files: fg/bg, 1/0, foreground/background, pos/neg. */
    public static PointLabel parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "fg": case "1": case "foreground": case "pos": case "positive": case "+":
                return FOREGROUND;
            case "bg": case "0": case "background": case "neg": case "negative": case "-":
                return BACKGROUND;
            default:
                throw new IllegalArgumentException("'" + text + "' is not a point label; use fg or bg (or 1 or 0)");
        }
    }
}
