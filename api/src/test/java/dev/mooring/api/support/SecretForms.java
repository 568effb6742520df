package dev.mooring.api.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Secrets to look for, in every shape a careless leak would give them: as they are, as hex (which is
 * also how raw bytes show in a {@code bytea} column dumped by {@link DatabaseRows}), and as base64 in
 * either alphabet at any alignment inside a longer base64 text.
 */
public final class SecretForms {

    private final Map<String, List<String>> needles = new LinkedHashMap<>();

    /** A secret that is text, such as a token. */
    public SecretForms text(String label, String secret) {
        List<String> forms = new ArrayList<>(List.of(secret));
        forms.addAll(binaryForms(secret.getBytes(StandardCharsets.UTF_8)));
        needles.put(label, withHex(forms));
        return this;
    }

    /** A secret that is bytes, such as a key. */
    public SecretForms bytes(String label, byte[] secret) {
        needles.put(label, withHex(binaryForms(secret)));
        return this;
    }

    /** One line per secret found in {@code text}, saying which secret and where; empty when none is. */
    public List<String> sightings(String where, String text) {
        List<String> found = new ArrayList<>();
        needles.forEach((label, forms) -> forms.stream()
                .filter(text::contains)
                .findFirst()
                .ifPresent(form -> found.add(label + " in " + where)));
        return found;
    }

    private static List<String> binaryForms(byte[] secret) {
        List<String> forms = new ArrayList<>();
        for (int skip = 0; skip < 3; skip++) {
            byte[] aligned = Arrays.copyOfRange(secret, skip, secret.length);
            for (Base64.Encoder encoder : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
                String encoded = encoder.withoutPadding().encodeToString(aligned);
                // the last two characters depend on whatever follows the secret
                forms.add(encoded.substring(0, encoded.length() - 2));
            }
        }
        forms.add(HexFormat.of().formatHex(secret));
        return forms;
    }

    /** A text form stored as bytes shows up as its hex in a dumped row. */
    private static List<String> withHex(List<String> forms) {
        List<String> all = new ArrayList<>(forms);
        for (String form : forms) {
            String hex = HexFormat.of().formatHex(form.getBytes(StandardCharsets.UTF_8));
            all.add(hex);
            all.add(hex.toUpperCase());
        }
        return all;
    }
}
