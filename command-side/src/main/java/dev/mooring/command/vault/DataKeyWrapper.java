package dev.mooring.command.vault;

import dev.mooring.kernel.AccountId;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Seals data keys under the newest master key and opens them under whichever master key sealed them.
 * The associated data binds the master key id, the account and the data key version, so a wrapped key
 * copied to another account's row, or relabelled with another master key id, does not open.
 */
@Component
class DataKeyWrapper {

    private static final byte FORMAT = 1;

    private final MasterKeys masterKeys;
    private final AesGcm gcm;

    DataKeyWrapper(MasterKeys masterKeys, SecureRandom random) {
        this.masterKeys = masterKeys;
        this.gcm = new AesGcm(random);
    }

    String newestMasterKeyId() {
        return masterKeys.newest().id();
    }

    WrappedDataKey wrap(AccountId account, DataKey key) {
        MasterKey master = masterKeys.newest();
        byte[] sealed = gcm.seal(master.bytes(), associatedData(master.id(), account, key.version()), key.bytes());
        byte[] stored = new byte[1 + sealed.length];
        stored[0] = FORMAT;
        System.arraycopy(sealed, 0, stored, 1, sealed.length);
        return new WrappedDataKey(master.id(), key.version(), stored);
    }

    /** @throws SecretUnreadable when the master key is not configured, is the wrong one, or the row was altered */
    DataKey unwrap(AccountId account, WrappedDataKey wrapped) {
        MasterKey master = masterKeys.byId(wrapped.masterKeyId())
                .orElseThrow(() -> unreadable(account, "master key " + wrapped.masterKeyId() + " is not configured"));
        byte[] stored = wrapped.sealed();
        if (stored.length == 0 || stored[0] != FORMAT) {
            throw unreadable(account, "unknown wrapped-key format");
        }
        byte[] key = AesGcm.open(master.bytes(), associatedData(master.id(), account, wrapped.version()),
                        Arrays.copyOfRange(stored, 1, stored.length))
                .filter(bytes -> bytes.length == AesGcm.KEY_BYTES)
                .orElseThrow(() -> unreadable(account,
                        "authentication failed under master key " + master.id() + " (another key with that id, or an altered row)"));
        return new DataKey(wrapped.version(), key);
    }

    private static byte[] associatedData(String masterKeyId, AccountId account, int version) {
        return ("mooring|data-key|v" + FORMAT + "|" + masterKeyId + "|" + account.value() + "|dk" + version)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static SecretUnreadable unreadable(AccountId account, String why) {
        return new SecretUnreadable("cannot unwrap the data key of " + account + ": " + why);
    }
}
