package io.callspec.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import io.callspec.zaas.ApiClient;
import io.callspec.zaas.api.AuthenticationApi;
import io.callspec.zaas.api.CallsApi;
import io.callspec.zaas.model.CallStatus;
import io.callspec.zaas.model.CallStatusRequest;
import io.callspec.zaas.model.LoginRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ZaaS / FlexContact Voice client (io.callspec:callspec-zaas-voice) against its Prism mock. */
class ZaasTest {
  /** The spec's Login 200 example. */
  static final String TOKEN = "5d7bd5df7b2e3252147f8bd2a1c9";
  static final String CALL_ID = "5d7bd7d87b2e3252147f8be4";

  final Mocks.Recorder recorder = new Mocks.Recorder();

  ApiClient client() {
    ApiClient client = new ApiClient();
    client.setBasePath(Mocks.url("ZAAS_MOCK_URL"));
    client.setHttpClient(client.getHttpClient().newBuilder().addInterceptor(recorder).build());
    return client;
  }

  @Test
  void loginGivesToken() throws Exception {
    String token = new AuthenticationApi(client()).login(new LoginRequest().login("flex").password("12345678")).getToken();

    assertEquals("/Login", recorder.only().request().url().encodedPath());
    assertEquals(JsonParser.parseString("{\"login\":\"flex\",\"password\":\"12345678\"}"), JsonParser.parseString(recorder.only().body()));
    assertEquals(TOKEN, token);
  }

  /** The API reads the token from the body's first member: the client writes members in the schema's order. */
  @Test
  void callStatusWithTokenFirst() throws Exception {
    ApiClient client = client();
    String token = new AuthenticationApi(client).login(new LoginRequest().login("flex").password("12345678")).getToken();

    List<CallStatus> status = new CallsApi(client).getCallStatus(new CallStatusRequest().token(token).codCampaign("0").id(CALL_ID));

    Mocks.Sent sent = recorder.last();
    assertEquals("POST", sent.request().method());
    assertEquals("/Call/Status", sent.request().url().encodedPath());
    assertTrue(sent.body().startsWith("{\"token\":\"" + TOKEN + "\""), sent.body());
    assertEquals("{\"token\":\"" + TOKEN + "\",\"codCampaign\":\"0\",\"_id\":\"" + CALL_ID + "\"}", sent.body());

    // The spec's first getCallStatus 200 example ("finished").
    assertEquals(1, status.size());
    assertEquals(CALL_ID, status.get(0).getId());
    assertEquals("Finished", status.get(0).getStatus());
    assertEquals(16, status.get(0).getIsdnCode().getActualInstance());
    assertEquals("Normal call clearing", status.get(0).getIsdnReason());
  }
}
