package io.jagent.outputs.influxdb;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * What the outputs need from an InfluxDB response body, read with Jackson's streaming parser:
 * whether it is valid JSON, the top-level {@code "error"} and {@code results[0].error}.
 */
record JsonBody(boolean valid, boolean object, String error, String resultError) {
  private static final JsonFactory JSON = new JsonFactory();

  static JsonBody parse(String body) {
    if (body.isBlank()) {
      return new JsonBody(true, false, "", "");
    }
    String error = "";
    String resultError = "";
    boolean object = false;
    try (JsonParser p = JSON.createParser(body)) {
      JsonToken t = p.nextToken();
      if (t == JsonToken.START_OBJECT) {
        object = true;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          t = p.nextToken();
          if (name.equals("error") && t == JsonToken.VALUE_STRING) {
            error = p.getText();
          } else if (name.equals("results") && t == JsonToken.START_ARRAY) {
            boolean first = true;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
              if (first && t == JsonToken.START_OBJECT) {
                while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                  String n = p.currentName();
                  t = p.nextToken();
                  if (n.equals("error") && t == JsonToken.VALUE_STRING) {
                    resultError = p.getText();
                  } else {
                    p.skipChildren();
                  }
                }
              } else {
                p.skipChildren();
              }
              first = false;
            }
          } else {
            p.skipChildren();
          }
        }
      } else {
        p.skipChildren();
      }
      if (p.nextToken() != null) {
        return new JsonBody(false, false, "", "");
      }
      return new JsonBody(true, object, error, resultError);
    } catch (IOException e) {
      return new JsonBody(false, false, "", "");
    }
  }
}
