"""Shared by the checks of the generated Python clients: the specs' examples and a request recorder.

Run by packages/codegen/test/python.test.ts with the Prism mocks' URLs in MESSAGEBIRD_MOCK_URL,
VOIPSTUDIO_MOCK_URL and ZAAS_MOCK_URL. Expected values are read from the bundled specs
(specs/dist/<vendor>.json), never written here.
"""
import json
import os
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[4]


def _at(doc, ref):
    node = doc
    for part in ref.lstrip("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def _deref(doc, node):
    while isinstance(node, dict) and "$ref" in node:
        node = _at(doc, node["$ref"])
    return node


def example(vendor, operation_id, status="200", media=None):
    """The example a spec documents for one answer of an operation."""
    doc = json.loads((ROOT / "specs" / "dist" / f"{vendor}.json").read_text())
    for item in doc["paths"].values():
        for op in item.values():
            if isinstance(op, dict) and op.get("operationId") == operation_id:
                content = _deref(doc, op["responses"][status])["content"]
                holder = content[media or next(iter(content))]
                if "example" in holder:
                    return holder["example"]
                return _deref(doc, next(iter(holder["examples"].values())))["value"]
    raise KeyError(operation_id)


def mock_url(name):
    url = os.environ.get(name)
    if not url:
        pytest.fail(f"{name} is not set: run these checks through packages/codegen/test/python.test.ts")
    return url


class Recorder:
    """Wraps the urllib3 pool of a generated ApiClient and keeps every request it sends."""

    def __init__(self, api_client):
        self.sent = []
        pool = api_client.rest_client.pool_manager
        original = pool.request

        def record(method, url, **kwargs):
            self.sent.append({"method": method, "url": url, "headers": dict(kwargs.get("headers") or {}), "body": kwargs.get("body")})
            return original(method, url, **kwargs)

        pool.request = record
