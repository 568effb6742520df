package dev.mooring.command.vault;

/** Which secret (or piece of personal data) of an account a ciphertext holds; bound into the ciphertext so fields cannot be swapped. */
public enum SecretField {
    ACCESS_TOKEN("access_token"),
    REFRESH_TOKEN("refresh_token"),
    APP_PASSWORD("app_password"),
    /** The account's public profile: personal data, shredded with the account like its tokens. */
    PROFILE("profile");

    private final String label;

    SecretField(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
