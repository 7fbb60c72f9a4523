package dev.vmssrollout.db;

/**
 * Text from people (an operator's reason, an approver's comment) as the database can hold it. PostgreSQL refuses
 * NUL in text and jsonb, so an event carrying one would be refused on every retry and hold the rollout up for
 * good; other control characters would reach logs and terminals as they are. Each becomes a visible
 * {@code \\uXXXX} escape; tab and line breaks stay.
 */
final class StoredText {

    private StoredText() {
    }

    static String escape(String text) {
        if (text == null || text.chars().noneMatch(StoredText::isEscaped)) {
            return text;
        }
        StringBuilder escaped = new StringBuilder(text.length() + 8);
        text.chars().forEach(c -> {
            if (isEscaped(c)) {
                escaped.append(String.format("\\u%04x", c));
            } else {
                escaped.append((char) c);
            }
        });
        return escaped.toString();
    }

    private static boolean isEscaped(int c) {
        return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f;
    }
}
