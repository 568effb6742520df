package dev.mooring.api.web;

import dev.mooring.api.error.ApiException;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The {@code returnUrl} a caller gives, read once the same way for every route that takes one. */
public final class ReturnUrls {

    private ReturnUrls() {
    }

    public static URI parse(String returnUrl) {
        try {
            return URI.create(returnUrl);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("returnUrl is not a URL");
        }
    }

    /** The return URL with more query parameters; what it already carries stays exactly as the caller encoded it. */
    public static URI with(URI returnUrl, Map<String, String> parameters) {
        UriComponentsBuilder url = UriComponentsBuilder.fromUri(returnUrl);
        parameters.forEach((name, value) -> url.queryParam(name, UriUtils.encodeQueryParam(value, StandardCharsets.UTF_8)));
        // toUriString joins the raw parts as they are; encode() here would encode their escapes a second time
        return URI.create(url.build().toUriString());
    }
}
