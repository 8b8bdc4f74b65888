package dev.sentrytriage.source;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import dev.sentrytriage.sentry.SentryResource;

/**
 * The top level of a JSON body read in one streaming pass, no tree: the kind of each key's value, the text of the
 * scalar ones and the length of the arrays. The whole body is still read token by token, so a malformed body is
 * refused. A repeated key counts as its last occurrence, as in a parsed tree.
 */
public final class JsonTop {

    private final Map<String, JsonToken> kinds = new HashMap<>();
    private final Map<String, String> texts = new HashMap<>();
    private final Map<String, Integer> lengths = new HashMap<>();

    private JsonTop() {
    }

    /** The top level of {@code body}, or null when it is not exactly one well-formed JSON object. */
    public static JsonTop read(JsonFactory json, byte[] body) {
        try (JsonParser parser = json.createParser(SentryResource.decode(body))) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonTop top = new JsonTop();
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                top.kinds.put(name, value);
                top.texts.remove(name);
                top.lengths.remove(name);
                if (value == JsonToken.START_ARRAY) {
                    int n = 0;
                    JsonToken element;
                    while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
                        if (element == null) {
                            return null;
                        }
                        n++;
                        parser.skipChildren();
                    }
                    top.lengths.put(name, n);
                } else if (value == JsonToken.START_OBJECT) {
                    parser.skipChildren();
                } else if (value != null && value.isScalarValue() && value != JsonToken.VALUE_NULL) {
                    top.texts.put(name, parser.getText());
                }
            }
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
                return null;
            }
            return top;
        } catch (IOException e) {
            return null;
        }
    }

    /** The text of a scalar (string, number, boolean) value; null when absent, null, blank or structured. */
    public String text(String key) {
        String text = texts.get(key);
        return text == null || text.isBlank() ? null : text;
    }

    /** Whether the key holds a string. */
    public boolean isString(String key) {
        return kinds.get(key) == JsonToken.VALUE_STRING;
    }

    /** Whether the key holds an object. */
    public boolean isObject(String key) {
        return kinds.get(key) == JsonToken.START_OBJECT;
    }

    /** The length of the array the key holds, or -1 when it holds no array. */
    public int arrayLength(String key) {
        return lengths.getOrDefault(key, -1);
    }
}
