package io.jagent.outputs.influxdb;

import java.io.IOException;
import java.util.List;

/** One configured URL of {@code outputs.influxdb}. */
interface V1Client {
  Endpoint endpoint();

  void write(List<Group> groups) throws IOException;

  /** Issues {@code CREATE DATABASE}; only HTTP clients do. */
  default void createDatabase(String db) throws IOException {}

  default void close() {}
}
