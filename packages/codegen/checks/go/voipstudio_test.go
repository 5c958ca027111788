package checks

import (
	"context"
	"encoding/json"
	"net/url"
	"testing"

	vs "github.com/callspec/voipstudio"
)

func vsClient(t *testing.T, rec *recorder) *vs.APIClient {
	cfg := vs.NewConfiguration()
	cfg.Servers = vs.ServerConfigurations{{URL: mockURL(t, "VOIPSTUDIO_MOCK_URL")}}
	cfg.HTTPClient = rec.client()
	return vs.NewAPIClient(cfg)
}

func TestVoipstudioLoginThenListCdrsWithJSONFilter(t *testing.T) {
	s := loadSpec(t, "voipstudio")
	rec := &recorder{}
	c := vsClient(t, rec)

	login, resp, err := c.AuthenticationAPI.Login(context.Background()).
		LoginRequest(*vs.NewLoginRequest("jsmith@example.com", "$ecretPas$$")).Execute()
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	equal(t, "login status", resp.StatusCode, 200)
	loginExample := s.responseExample("login", "200", "application/json")
	want := decode[struct {
		UserToken string `json:"user_token"`
		UserID    int64  `json:"user_id"`
	}](t, loginExample)
	equal(t, "user_token", login.GetUserToken(), want.UserToken)
	equal(t, "user_id", login.GetUserId(), want.UserID)
	sameJSON(t, "login 200", login, loginExample)

	// The session token goes to the AuthToken scheme (X-Auth-Token). `filter` is a string parameter: the
	// user JSON-encodes the conditions; here the spec's own example (dst_id eq …, calldate gt …).
	filter := decode[string](t, s.at("components", "parameters", "Filter", "example"))
	auth := context.WithValue(context.Background(), vs.ContextAPIKeys, map[string]vs.APIKey{
		"AuthToken": {Key: login.GetUserToken()},
	})
	cdrs, resp, err := c.HistoryAPI.ListCdrs(auth).Filter(filter).Limit(2).Page(1).Execute()
	if err != nil {
		t.Fatalf("ListCdrs: %v", err)
	}
	equal(t, "cdrs status", resp.StatusCode, 200)

	sentReq := rec.last(t)
	equal(t, "X-Auth-Token sent", sentReq.Header.Get("X-Auth-Token"), want.UserToken)
	u, err := url.Parse(sentReq.URL)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "path", u.Path, "/cdrs")
	q := u.Query()
	equal(t, "limit", q.Get("limit"), "2")
	equal(t, "page", q.Get("page"), "1")
	// The filter travelled as JSON text (percent-encoded), the same JSON value as the one given.
	var sentFilter, givenFilter any
	if err := json.Unmarshal([]byte(q.Get("filter")), &sentFilter); err != nil {
		t.Fatalf("the filter sent (%q) is not JSON: %v", q.Get("filter"), err)
	}
	_ = json.Unmarshal([]byte(filter), &givenFilter)
	sameJSON(t, "filter sent", sentFilter, mustMarshal(t, givenFilter))
	if conds, _ := sentFilter.([]any); len(conds) == 0 {
		t.Errorf("the filter sent has no conditions: %v", sentFilter)
	}

	example := s.responseExample("listCdrs", "200", "application/json")
	wantCdrs := decode[struct {
		Data []struct {
			ID       int64  `json:"id"`
			Calldate string `json:"calldate"`
			Src      string `json:"src"`
		}
		Total int32 `json:"total"`
	}](t, example)
	if len(wantCdrs.Data) == 0 || len(cdrs.GetData()) != len(wantCdrs.Data) {
		t.Fatalf("%d cdrs parsed, the example has %d", len(cdrs.GetData()), len(wantCdrs.Data))
	}
	equal(t, "data[0].id", cdrs.GetData()[0].GetId(), wantCdrs.Data[0].ID)
	equal(t, "data[0].calldate", cdrs.GetData()[0].GetCalldate(), wantCdrs.Data[0].Calldate)
	equal(t, "data[0].src", cdrs.GetData()[0].GetSrc(), wantCdrs.Data[0].Src)
	equal(t, "total", cdrs.GetTotal(), wantCdrs.Total)
	sameJSON(t, "listCdrs 200", cdrs, example)
}
