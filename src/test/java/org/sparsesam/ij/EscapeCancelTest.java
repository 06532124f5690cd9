package org.sparsesam.ij;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import java.awt.event.KeyEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sparsesam.core.CancelToken;

class EscapeCancelTest {
    @AfterEach
    void releaseEscape() {
        IJ.resetEscape();
    }

    private static boolean cancelledWithin(CancelToken token, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!token.isCancelled() && System.currentTimeMillis() < end) {
            Thread.sleep(20);
        }
        return token.isCancelled();
    }

    @Test
    void escapeCancelsTheRunningJob() throws Exception {
        CancelToken token = new CancelToken();
        try (EscapeCancel watch = EscapeCancel.watch(token)) {
            assertFalse(token.isCancelled());
            IJ.setKeyDown(KeyEvent.VK_ESCAPE);
            assertTrue(cancelledWithin(token, 10_000), "Esc was pressed but the token was not cancelled");
        }
    }

    @Test
    void anEscapePressedBeforeTheJobDoesNotCancelIt() throws Exception {
        IJ.setKeyDown(KeyEvent.VK_ESCAPE);
        CancelToken token = new CancelToken();
        try (EscapeCancel watch = EscapeCancel.watch(token)) {
            assertFalse(cancelledWithin(token, 500));
        }
    }
}
