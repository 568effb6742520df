package dev.mooring.command.vault;

import dev.mooring.kernel.account.Credentials;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;

import static dev.mooring.command.fixtures.AccountFixture.ACCOUNT;
import static dev.mooring.command.fixtures.AccountFixture.OTHER_ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialsSealerTest {

    private static final Instant EXPIRES = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant REFRESH_EXPIRES = Instant.parse("2027-11-01T10:00:00Z");

    private static final URI SERVICE = URI.create("https://pds.example.com");

    private static final String ACCESS = "canary-access-9f8e7d";
    private static final String REFRESH = "canary-refresh-6c5b4a";
    private static final String APP_PASSWORD = "canary-apppw-3f2e1d";

    private final CredentialsSealer sealer = new CredentialsSealer(new EnvelopeSecretVault(
            new InMemoryDataKeys(MasterKeys.of(new MasterKey("kek-test", InMemoryDataKeys.keyBytes(1))))
                    .createFor(ACCOUNT, OTHER_ACCOUNT),
            new SecureRandom()));

    @Test
    void sealThenOpenReturnsEveryField() {
        PlainCredentials plain = new PlainCredentials(ACCESS, REFRESH, APP_PASSWORD, EXPIRES, REFRESH_EXPIRES, SERVICE);

        Credentials sealed = sealer.seal(ACCOUNT, plain);

        assertThat(sealed.refreshToken()).isNotNull();
        assertThat(sealed.appPassword()).isNotNull();
        assertThat(sealed.expiresAt()).isEqualTo(EXPIRES);
        assertThat(sealed.refreshExpiresAt()).isEqualTo(REFRESH_EXPIRES);
        assertThat(sealed.serviceUrl()).isEqualTo(SERVICE);
        assertThat(sealer.open(ACCOUNT, sealed)).isEqualTo(plain);
    }

    @Test
    void sealThenOpenWithoutRefreshTokenOrAppPasswordKeepsThemAbsent() {
        PlainCredentials plain = new PlainCredentials(ACCESS, null, null, null, null);

        Credentials sealed = sealer.seal(ACCOUNT, plain);

        assertThat(sealed.refreshToken()).isNull();
        assertThat(sealed.appPassword()).isNull();
        assertThat(sealed.expiresAt()).isNull();
        assertThat(sealer.open(ACCOUNT, sealed)).isEqualTo(plain);
    }

    @Test
    void sealThenOpenWithAnAppPasswordButNoRefreshToken() {
        PlainCredentials plain = new PlainCredentials(ACCESS, null, APP_PASSWORD, EXPIRES, null);

        Credentials sealed = sealer.seal(ACCOUNT, plain);

        assertThat(sealed.refreshToken()).isNull();
        assertThat(sealer.open(ACCOUNT, sealed)).isEqualTo(plain);
    }

    @Test
    void sealedCredentialsCarryNoPlaintext() {
        Credentials sealed = sealer.seal(ACCOUNT, new PlainCredentials(ACCESS, REFRESH, APP_PASSWORD, EXPIRES, null));

        String everything = sealed.accessToken().ciphertext() + "|" + sealed.refreshToken().ciphertext() + "|"
                + sealed.appPassword().ciphertext() + "|" + sealed;
        assertThat(everything).doesNotContain(ACCESS).doesNotContain(REFRESH).doesNotContain(APP_PASSWORD)
                .doesNotContain("canary");
        assertThat(sealed.toString()).doesNotContain(sealed.accessToken().ciphertext());
    }

    @Test
    void sealedCredentialsOpenOnlyForTheirAccount() {
        Credentials sealed = sealer.seal(ACCOUNT, new PlainCredentials(ACCESS, REFRESH, null, EXPIRES, null));

        assertThatThrownBy(() -> sealer.open(OTHER_ACCOUNT, sealed)).isExactlyInstanceOf(SecretUnreadable.class);
    }

    @Test
    void swappedTokensDoNotOpen() {
        Credentials sealed = sealer.seal(ACCOUNT, new PlainCredentials(ACCESS, REFRESH, null, EXPIRES, null));
        Credentials swapped = new Credentials(sealed.refreshToken(), sealed.accessToken(), null, EXPIRES, null);

        assertThatThrownBy(() -> sealer.open(ACCOUNT, swapped)).isExactlyInstanceOf(SecretUnreadable.class);
    }

    @Test
    void plainCredentialsToStringShowsNoSecret() {
        PlainCredentials plain = new PlainCredentials(ACCESS, REFRESH, APP_PASSWORD, EXPIRES, REFRESH_EXPIRES);

        assertThat(plain.toString())
                .doesNotContain(ACCESS)
                .doesNotContain(REFRESH)
                .doesNotContain(APP_PASSWORD)
                .doesNotContain("canary")
                .contains(EXPIRES.toString());
    }
}
