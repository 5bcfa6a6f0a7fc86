package io.jagent.outputs.influxdb;

import io.jagent.spi.Metric;
import java.util.List;

/** The metrics of one batch that go to one database and retention policy. */
record Group(String database, String retentionPolicy, List<Metric> metrics) {}
