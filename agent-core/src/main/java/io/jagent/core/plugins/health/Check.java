package io.jagent.core.plugins.health;

import io.jagent.spi.Metric;
import java.util.List;

/** One health condition over the batch handed to {@code write}. */
interface Check {
  /** True when {@code batch} meets the condition. */
  boolean test(List<Metric> batch);
}
