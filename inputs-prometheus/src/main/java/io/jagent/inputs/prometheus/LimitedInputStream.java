package io.jagent.inputs.prometheus;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Fails with {@link TooLarge} once more than {@code limit} bytes were read (0 = no limit). */
final class LimitedInputStream extends FilterInputStream {
  /** The body exceeded content_length_limit. */
  static final class TooLarge extends IOException {
    TooLarge(long limit) {
      super("content length exceeded maximum body size (" + limit + ")");
    }
  }

  private final long limit;
  private long count;

  LimitedInputStream(InputStream in, long limit) {
    super(in);
    this.limit = limit;
  }

  long count() {
    return count;
  }

  @Override
  public int read() throws IOException {
    int c = super.read();
    if (c >= 0) {
      add(1);
    }
    return c;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      add(n);
    }
    return n;
  }

  private void add(long n) throws TooLarge {
    count += n;
    if (limit > 0 && count > limit) {
      throw new TooLarge(limit);
    }
  }
}
