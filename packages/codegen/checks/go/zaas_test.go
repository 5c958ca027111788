package checks

import (
	"bytes"
	"context"
	"testing"

	zs "github.com/callspec/zaasvoice"
)

func zsClient(t *testing.T, rec *recorder) *zs.APIClient {
	cfg := zs.NewConfiguration()
	cfg.Servers = zs.ServerConfigurations{{URL: mockURL(t, "ZAAS_MOCK_URL")}}
	cfg.HTTPClient = rec.client()
	return zs.NewAPIClient(cfg)
}

func TestZaasLoginThenCallStatusWithTokenFirst(t *testing.T) {
	s := loadSpec(t, "zaas-voice")
	rec := &recorder{}
	c := zsClient(t, rec)

	login, resp, err := c.AuthenticationAPI.Login(context.Background()).LoginRequest(*zs.NewLoginRequest("flex", "12345678")).Execute()
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	equal(t, "login status", resp.StatusCode, 200)
	wantToken := decode[struct{ Token string }](t, s.responseExample("login", "200", "application/json")).Token
	equal(t, "token", login.GetToken(), wantToken)

	// The token travels in the body, as its first member (the vendor's platform needs it there).
	const callID = "5d7bd7d87b2e3252147f8be4"
	status, resp, err := c.CallsAPI.GetCallStatus(context.Background()).
		CallStatusRequest(*zs.NewCallStatusRequest(login.GetToken(), "0", callID)).Execute()
	if err != nil {
		t.Fatalf("GetCallStatus: %v", err)
	}
	equal(t, "status", resp.StatusCode, 200)

	body := rec.last(t).Body
	if !bytes.HasPrefix(body, []byte(`{"token":`)) {
		t.Errorf("the body sent does not start with the token: %s", body)
	}
	sent := decode[map[string]any](t, body)
	sameJSON(t, "body sent", sent, mustMarshal(t, map[string]any{"token": wantToken, "codCampaign": "0", "_id": callID}))

	example := s.responseExample("getCallStatus", "200", "application/json")
	want := decode[[]struct {
		ID     string `json:"_id"`
		Status string `json:"status"`
	}](t, example)
	if len(want) == 0 || len(status) != len(want) {
		t.Fatalf("%d statuses parsed, the example has %d", len(status), len(want))
	}
	equal(t, "[0]._id", status[0].GetId(), want[0].ID)
	equal(t, "[0].status", status[0].GetStatus(), want[0].Status)
	sameJSON(t, "getCallStatus 200", status, example)
}
