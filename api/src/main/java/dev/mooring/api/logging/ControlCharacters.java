package dev.mooring.api.logging;

/**
 * Escapes control characters (CR, LF, every other C0 and C1 control, DEL, and the Unicode line and
 * paragraph separators) as {@code \r}, {@code \n}, {@code \t} or {@code \}{@code uXXXX}, so a value
 * taken from a request can never end a log line and start a forged one.
 */
final class ControlCharacters {

    private ControlCharacters() {
    }

    static String escape(String text) {
        if (text == null || text.chars().noneMatch(ControlCharacters::isControl)) {
            return text;
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\r' -> escaped.append("\\r");
                case '\n' -> escaped.append("\\n");
                case '\t' -> escaped.append("\\t");
                default -> {
                    if (isControl(c)) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }

    private static boolean isControl(int c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029;
    }
}
