package dev.taskhost.console.internal;

/**
 * Builds HTML in which every value is escaped (R61): text through {@link #text}, attribute values
 * through {@link #attr}. Only the literal markup of this package's own pages goes in through
 * {@link #raw}. Not thread-safe.
 */
final class Html {
    private final StringBuilder out = new StringBuilder(4096);

    /** Escapes for text and for quoted attribute values alike: {@code & < > " '} and controls. */
    static String escape(String value) {
        StringBuilder escaped = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                case '`' -> escaped.append("&#96;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t' || c == 0x7f) {
                        escaped.append("&#").append((int) c).append(';');
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }

    Html raw(String markup) {
        out.append(markup);
        return this;
    }

    Html text(String value) {
        out.append(escape(value));
        return this;
    }

    Html text(long value) {
        out.append(value);
        return this;
    }

    /** {@code name="value"} with a leading space; the name is this package's own. */
    Html attr(String name, String value) {
        out.append(' ').append(name).append("=\"").append(escape(value)).append('"');
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
