package io.jagent.core.plugins.health;

import io.jagent.spi.Metric;
import java.util.List;

/** {@code [[outputs.health.contains]]}: at least one metric of the batch has {@code field}. */
record ContainsCheck(String field) implements Check {
  @Override
  public boolean test(List<Metric> batch) {
    for (int i = 0, n = batch.size(); i < n; i++) {
      if (batch.get(i).field(field) != null) {
        return true;
      }
    }
    return false;
  }
}
