package io.jagent.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jagent.spi.BatchRejectedException;
import io.jagent.spi.Metric;
import io.jagent.spi.Output;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CapturingOutput passes the contract every output must pass, and fails on request. */
class CapturingOutputContractTest extends OutputContract {
  private CapturingOutput peer;

  @BeforeEach
  void newPeer() {
    peer = new CapturingOutput();
  }

  @Override
  protected Output createOutput(TestPluginContext ctx) {
    return peer;
  }

  @Override
  protected void assertWritten(List<Metric> written) {
    assertEquals(written, peer.metrics());
  }

  @Test
  void failsAndRejectsOnRequest() throws Exception {
    peer.failNextWrites(1).rejectNextWrites(1);
    List<Metric> batch = sampleBatch();
    assertThrows(IOException.class, () -> peer.write(batch));
    assertThrows(BatchRejectedException.class, () -> peer.write(batch));
    peer.write(batch);
    assertEquals(3, peer.writeAttempts());
    assertEquals(1, peer.batches().size());
  }
}
