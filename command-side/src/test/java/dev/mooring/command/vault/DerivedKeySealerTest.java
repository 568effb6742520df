package dev.mooring.command.vault;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

import static dev.mooring.command.vault.InMemoryDataKeys.keyBytes;
import static org.assertj.core.api.Assertions.assertThat;

class DerivedKeySealerTest {

    private static final MasterKey OLD = new MasterKey("kek-old", keyBytes(1));
    private static final MasterKey NEW = new MasterKey("kek-new", keyBytes(2));
    private static final byte[] SECRET = "whsec_canary-derived-7d41".getBytes(StandardCharsets.UTF_8);

    @Test
    void whatTheNewestMasterKeySealsOpensForTheSamePurposeAndContext() {
        byte[] sealed = sealer(OLD, NEW).seal("answer", "ws_1|key", SECRET);

        assertThat(sealed[0]).isEqualTo(DerivedKeySealer.FORMAT);
        assertThat(new String(sealed, 2, sealed[1], StandardCharsets.US_ASCII)).isEqualTo("kek-new");
        assertThat(hex(sealed)).doesNotContain(hex(SECRET));
        assertThat(sealer(NEW).open("answer", "ws_1|key", sealed)).hasValue(SECRET);
    }

    @Test
    void everyValueIsSealedUnderItsOwnSaltAndNonce() {
        DerivedKeySealer sealer = sealer(NEW);

        assertThat(sealer.seal("answer", "ctx", SECRET)).isNotEqualTo(sealer.seal("answer", "ctx", SECRET));
    }

    @Test
    void anotherContextOrPurposeDoesNotOpen() {
        DerivedKeySealer sealer = sealer(NEW);
        byte[] sealed = sealer.seal("answer", "ws_1|key", SECRET);

        assertThat(sealer.open("answer", "ws_2|key", sealed)).isEmpty();
        assertThat(sealer.open("other", "ws_1|key", sealed)).isEmpty();
    }

    @Test
    void alteredOrTruncatedBytesDoNotOpen() {
        DerivedKeySealer sealer = sealer(NEW);
        byte[] sealed = sealer.seal("answer", "ctx", SECRET);
        byte[] flipped = sealed.clone();
        flipped[flipped.length - 1] ^= 1;

        assertThat(sealer.open("answer", "ctx", flipped)).isEmpty();
        assertThat(sealer.open("answer", "ctx", Arrays.copyOf(sealed, 20))).isEmpty();
        assertThat(sealer.open("answer", "ctx", new byte[0])).isEmpty();
    }

    @Test
    void aRetiredMasterKeysValuesNoLongerOpen() {
        byte[] sealed = sealer(OLD).seal("answer", "ctx", SECRET);

        assertThat(sealer(OLD, NEW).open("answer", "ctx", sealed)).as("still configured").hasValue(SECRET);
        assertThat(sealer(NEW).open("answer", "ctx", sealed)).as("retired").isEmpty();
        assertThat(sealer(new MasterKey("kek-old", keyBytes(3))).open("answer", "ctx", sealed))
                .as("another key under the same id").isEmpty();
    }

    private static DerivedKeySealer sealer(MasterKey... oldestFirst) {
        return new DerivedKeySealer(MasterKeys.of(oldestFirst), new SecureRandom());
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
