package io.jagent.outputs.wavefront;

import java.io.Closeable;
import java.io.IOException;

/** Ships rendered point lines. Used by one thread at a time. */
interface Sender extends Closeable {
  /** Prepares the connection; a failure here is logged, not fatal (the next send retries). */
  void connect() throws IOException;

  /**
   * Sends {@code lines} point lines, UTF-8 in {@code data[0..len)}, each ending in a newline.
   * Returns when the peer has them (HTTP: answered 2xx/3xx; TCP: the kernel took every byte).
   *
   * @throws io.jagent.spi.BatchRejectedException the peer refused the content (HTTP 4xx)
   * @throws IOException nothing or only part was delivered: send the lines again later
   */
  void send(byte[] data, int len, int lines) throws IOException;
}
