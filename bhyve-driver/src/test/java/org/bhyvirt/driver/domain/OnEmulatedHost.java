package org.bhyvirt.driver.domain;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Test fixture base: each test gets a fresh {@link EmulatedHost} with a driver open on it, and the
 * host is closed after the test (every VM destroyed, every process killed, both directories
 * removed) whatever the test left. A subclass's own {@code @BeforeEach} runs after the host is
 * open, its {@code @AfterEach} before the host closes.
 */
abstract class OnEmulatedHost {

    EmulatedHost host;
    DomainDriver driver;

    @BeforeEach
    void openHost() throws Exception {
        host = new EmulatedHost();
        driver = host.open();
    }

    @AfterEach
    void closeHost() throws Exception {
        host.close();
    }
}
