package dev.mooring.command.vault;

import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.EncryptedSecret;
import dev.mooring.kernel.account.Credentials;
import org.springframework.stereotype.Component;

/** Turns a whole credential set into ciphertexts bound to its account, and back. */
@Component
public class CredentialsSealer {

    private final SecretVault vault;

    public CredentialsSealer(SecretVault vault) {
        this.vault = vault;
    }

    public Credentials seal(AccountId account, PlainCredentials plain) {
        return new Credentials(
                vault.encrypt(account, SecretField.ACCESS_TOKEN, plain.accessToken()),
                encryptNullable(account, SecretField.REFRESH_TOKEN, plain.refreshToken()),
                encryptNullable(account, SecretField.APP_PASSWORD, plain.appPassword()),
                plain.expiresAt(),
                plain.refreshExpiresAt(),
                plain.serviceUrl());
    }

    public PlainCredentials open(AccountId account, Credentials sealed) {
        return new PlainCredentials(
                vault.decrypt(account, SecretField.ACCESS_TOKEN, sealed.accessToken()),
                decryptNullable(account, SecretField.REFRESH_TOKEN, sealed.refreshToken()),
                decryptNullable(account, SecretField.APP_PASSWORD, sealed.appPassword()),
                sealed.expiresAt(),
                sealed.refreshExpiresAt(),
                sealed.serviceUrl());
    }

    private EncryptedSecret encryptNullable(AccountId account, SecretField field, String plaintext) {
        return plaintext == null ? null : vault.encrypt(account, field, plaintext);
    }

    private String decryptNullable(AccountId account, SecretField field, EncryptedSecret secret) {
        return secret == null ? null : vault.decrypt(account, field, secret);
    }
}
