package org.bhyvirt.driver.domain;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Test fixture base: each test gets a fresh {@link EmulatedHost}, closed after the test (every
 * driver closed, every VM destroyed, every process killed, both directories removed) whatever the
 * test left. A subclass's own {@code @BeforeEach} runs after the host exists, its
 * {@code @AfterEach} before the host closes. Tests that want a driver open from the start extend
 * {@link WithDriver}.
 */
abstract class OnEmulatedHost {

    EmulatedHost host;

    @BeforeEach
    void openHost() throws Exception {
        host = new EmulatedHost();
    }

    @AfterEach
    void closeHost() throws Exception {
        host.close();
    }

    /** The fixture with a driver open on the host (publishing to {@code host.events}) for each test. */
    abstract static class WithDriver extends OnEmulatedHost {

        DomainDriver driver;

        @BeforeEach
        void openDriver() {
            driver = host.open();
        }
    }
}
