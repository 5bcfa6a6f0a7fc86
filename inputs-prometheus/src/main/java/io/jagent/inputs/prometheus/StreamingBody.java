package io.jagent.inputs.prometheus;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body read as an InputStream with a deadline, like {@code BodyHandlers.ofInputStream()}
 * but every read gives up (and cancels the exchange) when the request's deadline has passed, so a
 * stalled server cannot hold a gather. Demand is one buffer list at a time: the body streams and is
 * never held whole.
 */
final class StreamingBody extends InputStream implements HttpResponse.BodySubscriber<InputStream> {
  private static final List<ByteBuffer> END = new ArrayList<>(0);

  private final LinkedBlockingQueue<List<ByteBuffer>> queue = new LinkedBlockingQueue<>();
  private final long deadlineNanos;
  private Flow.Subscription subscription;
  private int pendingRequests;
  private volatile Throwable error;
  private Iterator<ByteBuffer> list;
  private ByteBuffer current;
  private boolean done;
  private long bytes;

  StreamingBody(long deadlineNanos) {
    this.deadlineNanos = deadlineNanos;
  }

  long bytesRead() {
    return bytes;
  }

  @Override
  public synchronized void onSubscribe(Flow.Subscription s) {
    subscription = s;
    s.request(1 + pendingRequests);
    pendingRequests = 0;
  }

  private synchronized void requestMore() {
    if (subscription != null) {
      subscription.request(1);
    } else {
      pendingRequests++;
    }
  }

  private synchronized void cancel() {
    if (subscription != null) {
      subscription.cancel();
    }
  }

  @Override
  public void onNext(List<ByteBuffer> item) {
    queue.offer(item);
  }

  @Override
  public void onError(Throwable t) {
    error = t;
    queue.offer(END);
  }

  @Override
  public void onComplete() {
    queue.offer(END);
  }

  @Override
  public CompletionStage<InputStream> getBody() {
    return CompletableFuture.completedStage(this);
  }

  private boolean advance() throws IOException {
    while (current == null || !current.hasRemaining()) {
      if (list != null && list.hasNext()) {
        current = list.next();
        continue;
      }
      if (done) {
        return false;
      }
      long left = deadlineNanos - System.nanoTime();
      List<ByteBuffer> next;
      try {
        next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new java.io.InterruptedIOException("interrupted while reading the response");
      }
      if (next == null) {
        close();
        throw new HttpTimeoutException("timeout while reading the response body");
      }
      if (next == END) {
        done = true;
        Throwable t = error;
        if (t != null) {
          throw t instanceof IOException io ? io : new IOException(t.toString(), t);
        }
        return false;
      }
      list = next.iterator();
      requestMore();
    }
    return true;
  }

  @Override
  public int read() throws IOException {
    if (!advance()) {
      return -1;
    }
    bytes++;
    return current.get() & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (!advance()) {
      return -1;
    }
    int n = Math.min(len, current.remaining());
    current.get(b, off, n);
    bytes += n;
    return n;
  }

  @Override
  public void close() {
    if (!done) {
      done = true;
      cancel();
      queue.clear();
    }
  }
}
