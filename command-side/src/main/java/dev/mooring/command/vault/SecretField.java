package dev.mooring.command.vault;

/** Which secret of an account a ciphertext holds; bound into the ciphertext so fields cannot be swapped. */
public enum SecretField {
    ACCESS_TOKEN("access_token"),
    REFRESH_TOKEN("refresh_token"),
    APP_PASSWORD("app_password");

    private final String label;

    SecretField(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
