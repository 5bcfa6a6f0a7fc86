package io.jagent.core.config;

import java.util.List;

/**
 * Expands environment variables inside one decoded TOML string value (Telegraf's strict mode). The
 * result is only ever used as a string value, so a variable's content can never change the
 * structure of the config.
 */
public interface EnvExpander {
  /**
   * @throws IllegalArgumentException when {@code ${VAR:?msg}} fails; the message says which
   *     variable and why (never its value)
   */
  String expand(String raw);

  /** Names of variables referenced in {@code raw} that are not set (for error messages). */
  List<String> unsetVariables(String raw);

  EnvExpander NONE =
      new EnvExpander() {
        @Override
        public String expand(String raw) {
          return raw;
        }

        @Override
        public List<String> unsetVariables(String raw) {
          return List.of();
        }
      };
}
