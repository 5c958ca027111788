package io.callspec.checks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;

/** Where the Prism mocks are, and an OkHttp interceptor that records what the generated clients send. */
final class Mocks {
  private Mocks() {}

  /** The base URL of a mock, from the environment (test/java.test.ts sets it from vitest's global setup). */
  static String url(String variable) {
    String url = System.getenv(variable);
    if (url == null || url.isBlank()) {
      throw new IllegalStateException(variable + " is not set: run these checks through test/java.test.ts, or set it to a running mock's URL");
    }
    return url.replaceAll("/+$", "");
  }

  /** One request as it left the client (after the client's own interceptors, before the network). */
  record Sent(Request request, String body) {
    String header(String name) {
      return request.header(name);
    }
  }

  /**
   * Records every request it sees; add it to the client's OkHttpClient the way a user adds an interceptor:
   * {@code client.setHttpClient(client.getHttpClient().newBuilder().addInterceptor(recorder).build())}.
   */
  static final class Recorder implements Interceptor {
    final List<Sent> sent = new CopyOnWriteArrayList<>();

    @Override
    public Response intercept(Chain chain) throws IOException {
      Request request = chain.request();
      sent.add(new Sent(request, bodyOf(request)));
      return chain.proceed(request);
    }

    Sent only() {
      if (sent.size() != 1) throw new AssertionError("expected one request, the client sent " + sent.size());
      return sent.get(0);
    }

    Sent last() {
      if (sent.isEmpty()) throw new AssertionError("the client sent no request");
      return sent.get(sent.size() - 1);
    }

    private static String bodyOf(Request request) {
      if (request.body() == null) return null;
      try (Buffer buffer = new Buffer()) {
        request.body().writeTo(buffer);
        return buffer.readUtf8();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
