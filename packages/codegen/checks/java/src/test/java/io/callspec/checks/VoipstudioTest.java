package io.callspec.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import io.callspec.voipstudio.ApiClient;
import io.callspec.voipstudio.api.AuthenticationApi;
import io.callspec.voipstudio.api.HistoryApi;
import io.callspec.voipstudio.auth.ApiKeyAuth;
import io.callspec.voipstudio.model.Cdr;
import io.callspec.voipstudio.model.CdrList;
import io.callspec.voipstudio.model.LoginRequest;
import io.callspec.voipstudio.model.LoginResponse;
import java.math.BigDecimal;
import java.util.Set;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/** The VoIPstudio client (io.callspec:callspec-voipstudio) against its Prism mock. */
class VoipstudioTest {
  /** The spec's login 200 example. */
  static final String USER_TOKEN = "123456abc993ba5dd8a0e7ce9876543";
  /**
   * The documentation's filter example (seed voipstudio-rest.txt, "Filters"; the spec's Filter parameter
   * example): incoming calls of user 123456 after 1 September 2018. The client takes `filter` as a string,
   * so the user writes (or JSON-encodes) the text; the client only URL-encodes it.
   */
  static final String FILTER =
      "[{\"property\":\"dst_id\",\"operator\":\"eq\",\"value\":\"123456\"},{\"property\":\"calldate\",\"operator\":\"gt\",\"value\":\"2018-09-01 00:00:00\"}]";

  final Mocks.Recorder recorder = new Mocks.Recorder();

  ApiClient client() {
    ApiClient client = new ApiClient();
    client.setBasePath(Mocks.url("VOIPSTUDIO_MOCK_URL"));
    client.setHttpClient(client.getHttpClient().newBuilder().addInterceptor(recorder).build());
    return client;
  }

  /** POST /login, then the user_token as the AuthToken scheme's key (X-Auth-Token). */
  static void logIn(ApiClient client) throws Exception {
    LoginResponse login = new AuthenticationApi(client).login(new LoginRequest().email("jsmith@example.com").password("$ecretPas$$"));
    assertEquals(USER_TOKEN, login.getUserToken());
    ((ApiKeyAuth) client.getAuthentication("AuthToken")).setApiKey(login.getUserToken());
  }

  @Test
  void loginGivesUserToken() throws Exception {
    ApiClient client = client();
    LoginResponse login = new AuthenticationApi(client).login(new LoginRequest().email("jsmith@example.com").password("$ecretPas$$"));

    Mocks.Sent sent = recorder.only();
    assertEquals("POST", sent.request().method());
    assertEquals("/login", sent.request().url().encodedPath());
    assertNull(sent.header("X-Auth-Token"));
    assertEquals(JsonParser.parseString("{\"email\":\"jsmith@example.com\",\"password\":\"$ecretPas$$\"}"), JsonParser.parseString(sent.body()));
    assertEquals("Login success", login.getMessage());
    assertEquals(USER_TOKEN, login.getUserToken());
    assertEquals(123456L, login.getUserId());
  }

  @Test
  void listCdrsWithJsonFilterLimitAndPage() throws Exception {
    ApiClient client = client();
    logIn(client);

    CdrList cdrs = new HistoryApi(client).listCdrs(2, 50, FILTER, null, null, null, null, null);

    HttpUrl url = recorder.last().request().url();
    assertEquals("/cdrs", url.encodedPath());
    assertEquals(USER_TOKEN, recorder.last().header("X-Auth-Token"));
    assertEquals(Set.of("page", "limit", "filter"), url.queryParameterNames()); // no defaults sent for the others
    assertEquals("2", url.queryParameter("page"));
    assertEquals("50", url.queryParameter("limit"));
    // The filter goes out URL-encoded and decodes to the very JSON text given.
    String encoded = url.encodedQuery();
    assertTrue(encoded.contains("filter=%5B%7B%22property%22"), encoded);
    assertEquals(FILTER, url.queryParameter("filter"));
    assertEquals(JsonParser.parseString(FILTER), JsonParser.parseString(url.queryParameter("filter")));

    // The spec's listCdrs 200 example.
    assertEquals(4, cdrs.getTotal());
    assertEquals(2, cdrs.getData().size());
    Cdr first = cdrs.getData().get(0);
    assertEquals(731245809L, first.getId());
    assertEquals("2026-05-11 16:35:53", first.getCalldate());
    assertEquals(139543232L, first.getCallId());
    assertEquals("\"+34886020705\" <+34886020705>", first.getClid());
    assertEquals("34886020705", first.getSrc());
    assertEquals("42598", first.getSrcId());
    assertEquals("Ana Torres", first.getSrcName());
    assertEquals("34630733730", first.getDst());
    assertEquals("0", first.getDstId());
    assertEquals(95, first.getDuration());
    assertEquals(87, first.getBillsec());
    assertEquals("O", first.getType().getActualInstance());
    assertEquals(0, new BigDecimal("0.035").compareTo(first.getRate()));
    assertEquals(0, new BigDecimal("0.0508").compareTo(first.getCharge()));
    assertEquals(42598L, first.getUserId());
    assertEquals(true, first.getIsRoot());
    Cdr second = cdrs.getData().get(1);
    assertEquals(731246120L, second.getId());
    assertEquals("42598", second.getDstId());
    assertEquals("M", second.getType().getActualInstance());
    assertEquals(0, second.getBillsec());
  }
}
