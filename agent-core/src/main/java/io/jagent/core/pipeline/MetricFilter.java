package io.jagent.core.pipeline;

import io.jagent.spi.Metric;

/**
 * A plugin's metric filters (reference agent.md §9): selectors (namepass, namedrop, tagpass,
 * tagdrop) decide whether a metric passes; modifiers (fieldinclude, fieldexclude, taginclude,
 * tagexclude) edit it.
 *
 * <p>PLACEHOLDER until the config loader lands: passes everything.
 */
public final class MetricFilter {
  public static final MetricFilter NONE = new MetricFilter();

  private MetricFilter() {}

  /** True when no selector and no modifier is set. */
  public boolean isEmpty() {
    return true;
  }

  /** Selectors: namepass/namedrop, then tagpass/tagdrop. */
  public boolean selects(Metric m) {
    return true;
  }

  /** Modifiers; returns null when no field is left (the metric is then dropped). */
  public Metric modify(Metric m) {
    return m;
  }
}
