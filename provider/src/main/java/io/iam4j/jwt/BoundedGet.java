package io.iam4j.jwt;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One HTTP GET of a small JSON document from an identity provider, bounded in time (connect, and
 * the whole exchange including the body) and in size, without following redirects (a redirect
 * could lead anywhere, http:// included). Thread-safe.
 */
final class BoundedGet {
  /** What came back: the body and the response's {@code Cache-Control: max-age}, if any. */
  record Response(String body, Optional<Duration> maxAge) {}

  private final HttpClient client;
  private final Duration timeout;
  private final int maxBytes;

  BoundedGet(HttpClient client, Duration timeout, int maxBytes) {
    this.client = client;
    this.timeout = timeout;
    this.maxBytes = maxBytes;
  }

  Response get(URI uri) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET().build();
    CompletableFuture<HttpResponse<byte[]>> f = client.sendAsync(request, info -> {
      if (info.statusCode() != 200) {
        return HttpResponse.BodySubscribers.replacing(null);
      }
      return new Limited(maxBytes);
    });
    HttpResponse<byte[]> r;
    try {
      // The request timeout covers only the wait for the headers: this bounds the body too.
      r = f.get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new IOException("no complete answer from " + uri + " within " + timeout.multipliedBy(2).toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.cancel(true);
      throw new IOException("interrupted while fetching " + uri, e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause() == null ? e : e.getCause();
      throw new IOException(uri + ": " + c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage()), c);
    }
    if (r.statusCode() != 200 || r.body() == null) {
      throw new IOException(uri + " answered HTTP " + r.statusCode());
    }
    return new Response(new String(r.body(), StandardCharsets.UTF_8), maxAge(r.headers().allValues("Cache-Control")));
  }

  /** {@code max-age} of Cache-Control; {@code no-store} and {@code no-cache} count as 0. */
  static Optional<Duration> maxAge(List<String> values) {
    for (String v : values) {
      for (String d : v.split(",")) {
        String t = d.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("no-store") || t.equals("no-cache")) {
          return Optional.of(Duration.ZERO);
        }
        if (t.startsWith("max-age=") && t.substring(8).matches("[0-9]{1,9}")) {
          return Optional.of(Duration.ofSeconds(Long.parseLong(t.substring(8))));
        }
      }
    }
    return Optional.empty();
  }

  /** Collects the body, and gives up as soon as it grows past the limit. */
  private static final class Limited implements HttpResponse.BodySubscriber<byte[]> {
    private final int max;
    private final List<ByteBuffer> parts = new ArrayList<>();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.Subscription subscription;
    private int size;

    Limited(int max) {
      this.max = max;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer b : items) {
        size += b.remaining();
        if (size > max) {
          subscription.cancel();
          result.completeExceptionally(new IOException("the answer is larger than " + max + " bytes"));
          return;
        }
        parts.add(b);
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      byte[] out = new byte[size];
      int at = 0;
      for (ByteBuffer b : parts) {
        int n = b.remaining();
        b.get(out, at, n);
        at += n;
      }
      result.complete(out);
    }
  }
}
