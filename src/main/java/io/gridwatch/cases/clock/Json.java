package io.gridwatch.cases.clock;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the clock resource files (calendars, service promises) with jackson-core's streaming
 * parser into plain Java values, so this package's API stays free of Vert.x and Jackson types:
 * objects become {@code LinkedHashMap<String, Object>}, arrays {@code List<Object>}, numbers
 * {@link java.math.BigDecimal}, and {@code null} stays null. Duplicate keys and trailing content
 * are refused with the file, line and column.
 *
 * <p>Stateless; each {@link #parse} call has its own parser, so it is safe from any thread.
 */
final class Json {
  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private Json() {}

  /** Parses one JSON document; {@code source} names the file in error messages. */
  static Object parse(String text, String source) {
    try (JsonParser p = FACTORY.createParser(text)) {
      if (p.nextToken() == null) {
        throw error(source, p.currentLocation(), "unexpected end of input");
      }
      Object value = value(p, source);
      if (p.nextToken() != null) {
        throw error(source, p.currentTokenLocation(), "unexpected content after the document");
      }
      return value;
    } catch (JsonEOFException e) {
      String what = e.getTokenBeingDecoded() == JsonToken.VALUE_STRING ? "unterminated string" : "unexpected end of input";
      throw error(source, e.getLocation(), what);
    } catch (StreamReadException e) {
      throw error(source, e.getLocation(), e.getOriginalMessage());
    } catch (IOException e) {
      throw new CalendarDataException(source + ": " + e.getMessage(), e);
    }
  }

  /** The value at the parser's current token (which must be one's first). */
  private static Object value(JsonParser p, String source) throws IOException {
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        Map<String, Object> object = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          JsonLocation at = p.currentTokenLocation();
          p.nextToken();
          if (object.containsKey(key)) {
            throw error(source, at, "duplicate key \"" + key + "\"");
          }
          object.put(key, value(p, source));
        }
        return object;
      }
      case START_ARRAY -> {
        List<Object> array = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          array.add(value(p, source));
        }
        return array;
      }
      case VALUE_STRING -> {
        return p.getText();
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return p.getDecimalValue();
      }
      case VALUE_TRUE -> {
        return Boolean.TRUE;
      }
      case VALUE_FALSE -> {
        return Boolean.FALSE;
      }
      case VALUE_NULL -> {
        return null;
      }
      default -> throw error(source, p.currentTokenLocation(), "unexpected token " + t);
    }
  }

  private static CalendarDataException error(String source, JsonLocation at, String what) {
    return new CalendarDataException(source + ":" + at.getLineNr() + ":" + at.getColumnNr() + ": " + what);
  }
}
