package org.sparsesam.core.eval;

import org.sparsesam.core.instance.LabelImage;

/** Builds small label images from rows of digits, so that test cases can be read (and checked) by eye. */
final class Labels {
    private Labels() {}

    static LabelImage of(String... rows) {
        int w = rows[0].length();
        int[] data = new int[w * rows.length];
        for (int y = 0; y < rows.length; y++) {
            if (rows[y].length() != w) {
                throw new IllegalArgumentException("rows differ in length");
            }
            for (int x = 0; x < w; x++) {
                data[y * w + x] = rows[y].charAt(x) - '0';
            }
        }
        return new LabelImage(w, rows.length, data);
    }
}
