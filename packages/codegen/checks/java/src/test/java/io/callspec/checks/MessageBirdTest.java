package io.callspec.checks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callspec.messagebird.ApiClient;
import io.callspec.messagebird.ApiException;
import io.callspec.messagebird.JSON;
import io.callspec.messagebird.api.CallsApi;
import io.callspec.messagebird.api.RecordingsApi;
import io.callspec.messagebird.auth.ApiKeyAuth;
import io.callspec.messagebird.model.Call;
import io.callspec.messagebird.model.CallList;
import io.callspec.messagebird.model.ErrorResponse;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MessageBird Voice client (io.callspec:callspec-messagebird-voice) against its Prism mock. */
class MessageBirdTest {
  static final String KEY = "test_key";
  /** A recording id of the spec's examples (any id answers the same on the mock). */
  static final String RECORDING_ID = "f3a8c6d1-7e2b-4a95-8c04-6b1d9e5f2a73";

  final Mocks.Recorder recorder = new Mocks.Recorder();

  @TempDir Path downloads;

  /** A client as a user sets one up; with a key, `Authorization: AccessKey <key>` through the scheme's prefix. */
  ApiClient client(String key, Interceptor... userInterceptors) {
    ApiClient client = new ApiClient();
    client.setBasePath(Mocks.url("MESSAGEBIRD_MOCK_URL"));
    client.setTempFolderPath(downloads.toString());
    if (key != null) {
      // Per scheme: ApiClient.setApiKeyPrefix() picks "the first" ApiKeyAuth of a HashMap, and this spec has
      // two (AccessKey and MessageBirdSignatureJwt).
      ApiKeyAuth accessKey = (ApiKeyAuth) client.getAuthentication("AccessKey");
      accessKey.setApiKey(key);
      accessKey.setApiKeyPrefix("AccessKey");
    }
    OkHttpClient.Builder http = client.getHttpClient().newBuilder();
    for (Interceptor interceptor : userInterceptors) http.addInterceptor(interceptor);
    client.setHttpClient(http.addInterceptor(recorder).build()); // last: sees the request as sent
    return client;
  }

  @Test
  void listCallsWithAccessKey() throws Exception {
    CallList page = new CallsApi(client(KEY)).listCalls(null, null, null);

    Mocks.Sent sent = recorder.only();
    assertEquals("GET", sent.request().method());
    assertEquals("/calls", sent.request().url().encodedPath());
    assertEquals("AccessKey " + KEY, sent.header("Authorization"));

    // The spec's listCalls 200 example.
    assertEquals(2, page.getData().size());
    Call first = page.getData().get(0);
    assertEquals("8e2f6a40-3c9d-4b17-a5e8-0d4c7b1f9a26", first.getId());
    assertEquals("ended", first.getStatus());
    assertEquals("31644556677", first.getSource());
    assertEquals("31612345678", first.getDestination());
    assertEquals(OffsetDateTime.parse("2019-08-06T13:17:06Z"), first.getCreatedAt());
    assertEquals(OffsetDateTime.parse("2019-08-06T13:19:41Z"), first.getEndedAt());
    assertEquals("/calls/8e2f6a40-3c9d-4b17-a5e8-0d4c7b1f9a26/legs", first.getLinks().getLegs());
    Call second = page.getData().get(1);
    assertEquals("b19d7f3a-5e0c-4a62-9d8b-1f4e6c2a7b95", second.getId());
    assertEquals("no_answer", second.getStatus());
    assertEquals("/calls?page=1", page.getLinks().getSelf());
    assertEquals(2, page.getPagination().getTotalCount());
    assertEquals(1, page.getPagination().getCurrentPage());
    assertEquals(10, page.getPagination().getPerPage());
  }

  @Test
  void listCallsWithoutKeyIs401() {
    ApiException error = assertThrows(ApiException.class, () -> new CallsApi(client(null)).listCalls(null, null, null));

    assertNull(recorder.only().header("Authorization"));
    assertEquals(401, error.getCode());
    // The spec's Unauthorized example, parsed with the client's own JSON.
    ErrorResponse body = JSON.deserialize(error.getResponseBody(), ErrorResponse.class);
    assertEquals(1, body.getErrors().size());
    assertEquals(15, body.getErrors().get(0).getCode());
    assertEquals("No valid access key was sent in the Authorization header.", body.getErrors().get(0).getMessage());
  }

  /**
   * A limit of the generated client: from the operation's [audio/wav, application/json] it sends
   * `Accept: application/json` only, which the mock (like any server that honours Accept) refuses with 406.
   */
  @Test
  void downloadRecordingWithGeneratedAcceptIs406() {
    ApiException error = assertThrows(ApiException.class, () -> new RecordingsApi(client(KEY)).downloadRecording(RECORDING_ID, null));

    assertEquals("application/json", recorder.only().header("Accept"));
    assertEquals(406, error.getCode());
  }

  /**
   * What a user must add for the .wav download: an OkHttp interceptor that accepts audio/wav, e.g.
   * {@code client.setHttpClient(client.getHttpClient().newBuilder().addInterceptor(acceptWav).build())}.
   */
  @Test
  void downloadRecordingWavWithAcceptInterceptor() throws Exception {
    Interceptor acceptWav = chain -> chain.proceed(chain.request().newBuilder().header("Accept", "audio/wav, application/json").build());
    ApiClient client = client(KEY, acceptWav);

    File file = new RecordingsApi(client).downloadRecording(RECORDING_ID, null);

    assertEquals("audio/wav, application/json", recorder.only().header("Accept"));
    assertEquals("/recordings/" + RECORDING_ID + ".wav", recorder.only().request().url().encodedPath());
    // A file in the client's temp folder, named after Content-Disposition's filename; the caller deletes it.
    assertEquals(downloads, file.toPath().getParent());
    assertTrue(file.getName().startsWith(RECORDING_ID) && file.getName().endsWith(".wav"), file.getName());
    // Prism serves the spec's printable placeholder example as the audio/wav body.
    assertArrayEquals("RIFF....WAVEfmt ....data....".getBytes(StandardCharsets.US_ASCII), Files.readAllBytes(file.toPath()));
  }
}
