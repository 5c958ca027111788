"""The generated ZaaS client against the Prism mock: Login, then /Call/Status with the token first."""
import json

import callspec_zaas_voice as zs
from conftest import Recorder, example, mock_url


def test_login_then_call_status_with_token_first():
    api_client = zs.ApiClient(zs.Configuration(host=mock_url("ZAAS_MOCK_URL")))
    recorder = Recorder(api_client)
    token = zs.AuthenticationApi(api_client).login(zs.LoginRequest(login="flex", password="12345678")).token
    assert token == example("zaas-voice", "login")["token"]
    status = zs.CallsApi(api_client).get_call_status(zs.CallStatusRequest(token=token, codCampaign="0", _id="5d7bd7d87b2e3252147f8be4"))
    body = recorder.sent[-1]["body"]
    text = body if isinstance(body, str) else json.dumps(body)
    assert next(iter(json.loads(text))) == "token"  # the API reads the token from the first member
    assert [item.to_dict() for item in status] == example("zaas-voice", "getCallStatus")
