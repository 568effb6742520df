package dev.mooring.command.vault;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.mooring.command.vault.InMemoryDataKeys.keyBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MasterKeysTest {

    @Test
    void theLastConfiguredKeyIsTheNewest() {
        MasterKeys keys = MasterKeys.of(new MasterKey("a", keyBytes(1)), new MasterKey("b", keyBytes(2)));

        assertThat(keys.newest().id()).isEqualTo("b");
        assertThat(keys.ids()).containsExactly("a", "b");
        assertThat(keys.byId("a")).contains(new MasterKey("a", keyBytes(1)));
        assertThat(keys.byId("c")).isEmpty();
    }

    @Test
    void anIdConfiguredTwiceOrNoKeyAtAllIsRefused() {
        assertThatThrownBy(() -> MasterKeys.of(new MasterKey("a", keyBytes(1)), new MasterKey("a", keyBytes(2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a is configured twice");
        assertThatThrownBy(() -> new MasterKeys(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
