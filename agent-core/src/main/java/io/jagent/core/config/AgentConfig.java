package io.jagent.core.config;

import java.util.List;
import java.util.SortedMap;

/**
 * A loaded, validated configuration. {@code globalTags} already holds {@code host} unless {@code
 * omit_hostname}. {@code warnings} are the non-fatal notes of the load (deprecations, ignored
 * options) for the caller to log once. {@code sources} lists the files in load order.
 */
public record AgentConfig(
    AgentSettings agent,
    SortedMap<String, String> globalTags,
    List<InputSpec> inputs,
    List<OutputSpec> outputs,
    List<String> sources,
    List<String> warnings) {}
