package dev.mooring.command.vault;

/**
 * A data key as it rests in the {@code data_keys} table: sealed under the master key it names.
 *
 * @param sealed {@code format(1) | nonce(12) | encrypted key(32) | tag(16)}
 */
record WrappedDataKey(String masterKeyId, int version, byte[] sealed) {

    @Override
    public String toString() {
        return "WrappedDataKey[v" + version + " under " + masterKeyId + "]";
    }
}
