package io.jagent.outputs.influxdb;

import java.io.IOException;

/** The server answered "database not found" to a write. */
final class DatabaseNotFoundException extends IOException {
  private static final long serialVersionUID = 1L;
  private final String database;

  DatabaseNotFoundException(String database, String message) {
    super(message);
    this.database = database;
  }

  String database() {
    return database;
  }
}
