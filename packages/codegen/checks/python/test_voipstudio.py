"""The generated VoIPstudio client against the Prism mock: login, then /cdrs with a JSON filter, limit, page."""
import json
from urllib.parse import parse_qs, urlsplit

import callspec_voipstudio as vs
from conftest import Recorder, example, mock_url

# The seed's filter: calls to user 123456 after 1 September 2018 (VoIPstudio REST docs, "Filters").
CONDITIONS = [
    {"property": "dst_id", "operator": "eq", "value": "123456"},
    {"property": "calldate", "operator": "gt", "value": "2018-09-01 00:00:00"},
]


def test_login_then_cdrs_with_json_filter():
    config = vs.Configuration(host=mock_url("VOIPSTUDIO_MOCK_URL"))
    api_client = vs.ApiClient(config)
    recorder = Recorder(api_client)
    session = vs.AuthenticationApi(api_client).login(vs.LoginRequest(email="jsmith@example.com", password="$ecretPas$$"))
    assert session.user_token == example("voipstudio", "login")["user_token"]
    config.api_key["AuthToken"] = session.user_token
    # `filter` is a string parameter: the user encodes the conditions as JSON text.
    cdrs = vs.HistoryApi(api_client).list_cdrs(filter=json.dumps(CONDITIONS), limit=2, page=1)
    sent = recorder.sent[-1]
    query = parse_qs(urlsplit(sent["url"]).query)
    assert json.loads(query["filter"][0]) == CONDITIONS
    assert (query["limit"], query["page"]) == (["2"], ["1"])
    assert sent["headers"]["X-Auth-Token"] == session.user_token
    expected = example("voipstudio", "listCdrs")
    assert [cdr.id for cdr in cdrs.data] == [cdr["id"] for cdr in expected["data"]]
    assert cdrs.total == expected["total"]
