package dev.mooring.command.platform.oauth;

/** How a platform's token endpoint wants the client id and secret. */
public enum ClientAuthentication {
    /** {@code Authorization: Basic base64(id:secret)} (X, Pinterest). */
    BASIC,
    /** {@code client_id} and {@code client_secret} in the form body (LinkedIn, Instagram, Threads). */
    FORM,
    /** Every parameter, {@code client_secret} included, in the query of a GET (Facebook). */
    QUERY
}
