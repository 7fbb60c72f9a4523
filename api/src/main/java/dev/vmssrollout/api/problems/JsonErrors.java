package dev.vmssrollout.api.problems;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns what Jackson says about an unreadable body into a problem a person can act on: where the
 * JSON is broken, or which field has the wrong type or an unknown value, and what it accepts.
 * Jackson's own messages are never passed through whole: they name Java classes.
 */
final class JsonErrors {

    private JsonErrors() {
    }

    static ApiProblemException translate(Throwable cause) {
        // Broken JSON inside a nested object arrives wrapped in a mapping exception: the syntax error comes first.
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StreamReadException parse) {
                return new ApiProblemException(ProblemType.MALFORMED_REQUEST,
                        "malformed JSON" + where(parse.getLocation()) + ": " + firstLine(parse.getOriginalMessage()));
            }
        }
        if (cause instanceof UnrecognizedPropertyException unknown) {
            String field = path(unknown);
            List<String> known = unknown.getKnownPropertyIds() == null ? List.of()
                    : unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
            return invalid(field, "is not a known field" + (known.isEmpty() ? "" : "; known fields here: " + String.join(", ", known)));
        }
        if (cause instanceof InvalidFormatException format) {
            return invalid(path(format), "'" + format.getValue() + "' is not " + expected(format.getTargetType()));
        }
        if (cause instanceof MismatchedInputException mismatch) {
            String field = path(mismatch);
            return invalid(field.isEmpty() ? "body" : field, "must be " + expected(mismatch.getTargetType()));
        }
        if (cause instanceof JsonMappingException mapping) {
            String field = path(mapping);
            return invalid(field.isEmpty() ? "body" : field, "cannot be read: " + mapping.getOriginalMessage());
        }
        if (cause instanceof JsonProcessingException processing) {
            return new ApiProblemException(ProblemType.MALFORMED_REQUEST,
                    "malformed JSON" + where(processing.getLocation()) + ": " + firstLine(processing.getOriginalMessage()));
        }
        return new ApiProblemException(ProblemType.MALFORMED_REQUEST, "the request body is missing or is not JSON");
    }

    private static ApiProblemException invalid(String field, String message) {
        return new ApiProblemException(ProblemType.INVALID_REQUEST, field + ": " + message,
                List.of(new FieldViolation(field, message)));
    }

    /** The JSON path of the value at fault, as the API documents fields: {@code strategy.instanceIds[2]}. */
    static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf).collect(Collectors.joining(", "));
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "a JSON object";
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
