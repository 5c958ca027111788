"""The generated MessageBird client against the Prism mock: AccessKey auth, a 401, a .wav download."""
import pytest

import callspec_messagebird_voice as mb
from callspec_messagebird_voice.exceptions import UnauthorizedException
from conftest import Recorder, example, mock_url

RECORDING_ID = "f3a8c6d1-7e2b-4a95-8c04-6b1d9e5f2a73"


def client(key="test_key"):
    # The scheme is an apiKey in Authorization; the client joins prefix and key as "AccessKey <key>".
    config = mb.Configuration(host=mock_url("MESSAGEBIRD_MOCK_URL"), api_key={"AccessKey": key} if key else {}, api_key_prefix={"AccessKey": "AccessKey"})
    api_client = mb.ApiClient(config)
    return api_client, Recorder(api_client)


def test_list_calls_with_access_key():
    api_client, recorder = client()
    page = mb.CallsApi(api_client).list_calls()
    assert [call.id for call in page.data] == [call["id"] for call in example("messagebird-voice", "listCalls")["data"]]
    assert recorder.sent[0]["headers"]["Authorization"] == "AccessKey test_key"


def test_401_without_access_key():
    api_client, recorder = client(key=None)
    with pytest.raises(UnauthorizedException) as raised:
        mb.CallsApi(api_client).list_calls()
    assert raised.value.status == 401
    assert "Authorization" not in recorder.sent[0]["headers"]


def test_wav_download_default_accept_is_refused():
    # A known limit: of [audio/wav, application/json] the client asks for JSON only, which the mock refuses.
    api_client, recorder = client()
    with pytest.raises(mb.ApiException) as raised:
        mb.RecordingsApi(api_client).download_recording(RECORDING_ID)
    assert raised.value.status == 406
    assert recorder.sent[0]["headers"]["Accept"] == "application/json"


def test_wav_download_as_bytes():
    # What a user adds: the Accept header the operation needs, per call.
    api_client, _ = client()
    wav = mb.RecordingsApi(api_client).download_recording(RECORDING_ID, _headers={"Accept": "audio/wav, application/json"})
    assert isinstance(wav, (bytes, bytearray))
    assert wav.decode("latin-1") == example("messagebird-voice", "downloadRecording", media="audio/wav")
