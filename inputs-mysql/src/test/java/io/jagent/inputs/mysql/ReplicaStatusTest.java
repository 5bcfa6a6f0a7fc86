package io.jagent.inputs.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jagent.spi.Metric;
import io.jagent.spi.Unsigned;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicaStatusTest {
  private static final String[] COLS = {
    "Connection_name",
    "Slave_IO_State",
    "Master_Host",
    "Master_Port",
    "Read_Master_Log_Pos",
    "Slave_IO_Running",
    "Slave_SQL_Running",
    "Seconds_Behind_Master",
    "Last_Error",
    "Exec_Master_Log_Pos"
  };
  private static final int[] TYPES = {
    Types.VARCHAR,
    Types.VARCHAR,
    Types.VARCHAR,
    Types.INTEGER,
    Types.BIGINT,
    Types.VARCHAR,
    Types.VARCHAR,
    Types.BIGINT,
    Types.VARCHAR,
    Types.OTHER
  };
  private static final String[] VALS = {
    "", "Waiting for master", "db1", "3306", "1234", "Yes", "No", null, "", "-5"
  };

  private final List<String> errors = new ArrayList<>();
  private final Problems problems =
      new Problems() {
        @Override
        public void error(String message) {
          errors.add(message);
        }

        @Override
        public void debug(String message) {}

        @Override
        public void warnOnce(String key, String message) {}
      };

  @Test
  void v1KeepsColumnCaseAndOnlyNumbers() {
    Metric.Builder b = Metric.builder("mysql");
    ServerCollector.replicaRow(1, false, COLS, TYPES, VALS, b, problems);
    Metric m = b.build();
    assertEquals(
        Map.of(
            "slave_Master_Port", 3306.0,
            "slave_Read_Master_Log_Pos", 1234.0,
            "slave_Slave_IO_Running", 1.0,
            "slave_Slave_SQL_Running", 0.0,
            "slave_Exec_Master_Log_Pos", -5.0),
        m.fields());
    assertEquals(0, m.tagCount());
    assertEquals(List.of(), errors);
  }

  @Test
  void v2TypesByColumnAndLowerCases() {
    Metric.Builder b = Metric.builder("mysql");
    ServerCollector.replicaRow(2, false, COLS, TYPES, VALS, b, problems);
    Metric m = b.build();
    assertEquals(
        Map.of(
            "slave_slave_io_state", "Waiting for master",
            "slave_master_host", "db1",
            "slave_master_port", 3306L,
            "slave_read_master_log_pos", Unsigned.of(1234),
            "slave_slave_io_running", "Yes",
            "slave_slave_sql_running", "No",
            "slave_exec_master_log_pos", -5L),
        m.fields());
    assertEquals(List.of(), errors);
  }

  @Test
  void allChannelsTagsTheChannelDefaultWhenEmpty() {
    Metric.Builder b = Metric.builder("mysql");
    ServerCollector.replicaRow(2, true, COLS, TYPES, VALS, b, problems);
    assertEquals("default", b.build().tag("channel"));
    String[] named = VALS.clone();
    named[0] = "east";
    Metric.Builder b2 = Metric.builder("mysql");
    ServerCollector.replicaRow(2, true, COLS, TYPES, named, b2, problems);
    Metric m = b2.build();
    assertEquals("east", m.tag("channel"));
    assertEquals(null, m.field("slave_connection_name"));
  }

  @Test
  void v2BigintThatIsNotUnsignedIsAnError() {
    Metric.Builder b = Metric.builder("mysql");
    ServerCollector.replicaRow(
        2,
        false,
        new String[] {"Seconds_Behind_Master"},
        new int[] {Types.BIGINT},
        new String[] {"-1"},
        b,
        problems);
    assertEquals(0, b.fieldCount());
    assertEquals(
        List.of("error parsing mysql slave status \"seconds_behind_master\"=\"-1\""), errors);
  }
}
