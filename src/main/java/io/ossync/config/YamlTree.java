package io.ossync.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import java.io.IOException;

/**
 * Parses YAML into a tree whose scalars are the text as written, each one a text node (null for an
 * empty value). Jackson's own tree would turn {@code 1.10} into the number 1.1, {@code 010} into 8
 * and {@code no} into false before the configuration could look at them; here every value is
 * interpreted once, by the key that reads it. Duplicate keys, aliases ({@code *name}, which Jackson
 * would read as the text "name") and a second document are errors.
 */
final class YamlTree {

    /** A YAML document that cannot be read, with where it went wrong. */
    static final class SyntaxException extends Exception {
        private final String where;

        SyntaxException(String where, String message) {
            super(message);
            this.where = where;
        }

        String where() {
            return where;
        }
    }

    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
            .build();

    private YamlTree() {
    }

    /** The document's root, or null when the document is empty. */
    static JsonNode read(String yaml) throws SyntaxException {
        try (JsonParser p = FACTORY.createParser(yaml)) {
            if (p.nextToken() == null) {
                return null;
            }
            JsonNode root = node(p);
            if (p.nextToken() != null) {
                throw new SyntaxException(where(p.currentTokenLocation()),
                        "a second YAML document (after \"---\"): the configuration is one document");
            }
            return root;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SyntaxException(where(e.getLocation()), firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new SyntaxException("", "cannot read: " + e.getMessage());
        }
    }

    private static JsonNode node(JsonParser p) throws IOException, SyntaxException {
        if (p instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
            throw new SyntaxException(where(p.currentTokenLocation()), "YAML aliases (*" + p.getText()
                    + ") are not supported: write the value out");
        }
        JsonNodeFactory f = JsonNodeFactory.instance;
        switch (p.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = f.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    JsonLocation at = p.currentTokenLocation();
                    p.nextToken();
                    if (object.has(key)) {
                        throw new SyntaxException(where(at), "duplicate key \"" + key + "\"");
                    }
                    object.set(key, node(p));
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = f.arrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    array.add(node(p));
                }
                return array;
            }
            case VALUE_NULL -> {
                return f.nullNode();
            }
            default -> {
                return f.textNode(p.getText());
            }
        }
    }

    private static String where(JsonLocation at) {
        return at == null || at.getLineNr() < 1 ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    private static String firstLine(String message) {
        String m = message == null ? "invalid YAML" : message.strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl).strip();
    }
}
