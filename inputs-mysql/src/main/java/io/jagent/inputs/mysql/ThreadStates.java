package io.jagent.inputs.mysql;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Telegraf's classification of process-list rows into thread states ({@code threads_<state>}). */
final class ThreadStates {
  private ThreadStates() {}

  /** The known states, in Telegraf's order; every one is reported (0 when absent). */
  static final List<String> GENERAL =
      List.of(
          "after create",
          "altering table",
          "analyzing",
          "checking permissions",
          "checking table",
          "cleaning up",
          "closing tables",
          "converting heap to myisam",
          "copying to tmp table",
          "creating sort index",
          "creating table",
          "creating tmp table",
          "deleting",
          "executing",
          "execution of init_command",
          "end",
          "freeing items",
          "flushing tables",
          "fulltext initialization",
          "idle",
          "init",
          "killed",
          "waiting for lock",
          "logging slow query",
          "login",
          "manage keys",
          "opening tables",
          "optimizing",
          "preparing",
          "reading from net",
          "removing duplicates",
          "removing tmp table",
          "reopen tables",
          "repair by sorting",
          "repair done",
          "repair with keycache",
          "replication master",
          "rolling back",
          "searching rows for update",
          "sending data",
          "sorting for group",
          "sorting for order",
          "sorting index",
          "sorting result",
          "statistics",
          "updating",
          "waiting for tables",
          "waiting for table flush",
          "waiting on cond",
          "writing to net",
          "other");

  private static final Set<String> GENERAL_SET = Set.copyOf(GENERAL);

  private static final Map<String, String> MAPPINGS =
      Map.ofEntries(
          Map.entry("user sleep", "idle"),
          Map.entry("creating index", "altering table"),
          Map.entry("committing alter table to storage engine", "altering table"),
          Map.entry("discard or import tablespace", "altering table"),
          Map.entry("rename", "altering table"),
          Map.entry("setup", "altering table"),
          Map.entry("renaming result table", "altering table"),
          Map.entry("preparing for alter table", "altering table"),
          Map.entry("copying to group table", "copying to tmp table"),
          Map.entry("copy to tmp table", "copying to tmp table"),
          Map.entry("query end", "end"),
          Map.entry("update", "updating"),
          Map.entry("updating main table", "updating"),
          Map.entry("updating reference tables", "updating"),
          Map.entry("system lock", "waiting for lock"),
          Map.entry("user lock", "waiting for lock"),
          Map.entry("table lock", "waiting for lock"),
          Map.entry("deleting from main table", "deleting"),
          Map.entry("deleting from reference tables", "deleting"));

  /** Telegraf's {@code findThreadState}. */
  static String classify(String rawCommand, String rawState) {
    String command = rawCommand.toLowerCase(Locale.ROOT).replace('_', ' ');
    String state = rawState.toLowerCase(Locale.ROOT).replace('_', ' ');
    if (GENERAL_SET.contains(state)) {
      return state;
    }
    String mapped = MAPPINGS.get(state);
    if (mapped != null) {
      return mapped;
    }
    if (state.contains("waiting for") && state.contains("lock")) {
      return "waiting for lock";
    }
    if (command.equals("sleep") && state.isEmpty()) {
      return "idle";
    }
    if (command.equals("query")) {
      return "executing";
    }
    if (command.equals("binlog dump")) {
      return "replication master";
    }
    return "other";
  }

  /** {@code threads_} + the state with spaces as underscores. */
  static String fieldName(String state) {
    return "threads_" + state.replace(' ', '_');
  }
}
