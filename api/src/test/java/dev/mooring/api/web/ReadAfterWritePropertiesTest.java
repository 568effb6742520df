package dev.mooring.api.web;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code MOORING_READ_AFTER_WRITE_TIMEOUT}: five seconds unless set; a value no route could keep is refused at start. */
class ReadAfterWritePropertiesTest {

    @Test
    void unsetIsFiveSeconds() {
        assertThat(new ReadAfterWriteProperties(null).timeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void zeroNegativeOrPastTheApisOwnTimeoutIsRefusedNamingTheSetting() {
        for (Duration refused : new Duration[] {Duration.ZERO, Duration.ofSeconds(-1)}) {
            assertThatThrownBy(() -> new ReadAfterWriteProperties(refused))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("MOORING_READ_AFTER_WRITE_TIMEOUT");
        }
        assertThatThrownBy(() -> new ReadAfterWriteProperties(Duration.ofSeconds(15)).requireWithin(Duration.ofSeconds(15)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MOORING_READ_AFTER_WRITE_TIMEOUT")
                .hasMessageContaining("MOORING_REQUEST_TIMEOUT");
        new ReadAfterWriteProperties(Duration.ofSeconds(15)).requireWithin(Duration.ofSeconds(30));
    }
}
