import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { responseExample } from "@callspec/mock";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { distDir, findPython, findRun, specTags, vendors } from "./helpers.js";

let python = "";
const scratch = mkdtempSync(join(tmpdir(), "callspec-codegen-py-"));

beforeAll(() => {
  python = findPython();
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The generated Python client of a vendor: its folder (setup.py) and package name, from dist/manifest.json. */
function pythonClient(vendor: string) {
  const run = findRun(vendor, "python");
  return { folder: join(distDir, run.output), pkg: String(run.options.packageName) };
}

/** Runs python with the generated client of a vendor on PYTHONPATH; bytecode goes to the scratch folder, not dist/. */
function runPython(vendor: string, args: string[]) {
  return spawnSync(python, args, {
    encoding: "utf8",
    timeout: 30_000,
    env: { ...process.env, PYTHONPATH: pythonClient(vendor).folder, PYTHONPYCACHEPREFIX: join(scratch, "pycache") },
  });
}

/** Writes a script to the scratch folder, runs it and parses the JSON it prints on its last line. */
// biome-ignore lint/suspicious/noExplicitAny: whatever JSON the Python script printed; the expectations check it field by field
function runScript(vendor: string, name: string, source: string, ...args: string[]): any {
  const file = join(scratch, name);
  writeFileSync(file, source);
  const result = runPython(vendor, [file, ...args]);
  expect(result.stderr, `${name} failed`).toBe("");
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout.trim().split("\n").pop()!);
}

describe.each(vendors)("%s python client", (vendor) => {
  // The package and setup.py. (Not the generated test/ stubs: for properties named after a Python keyword,
  // e.g. voipstudio's `from`, 5.0.0-beta2 writes `from = '0',` into them, a SyntaxError; see the README.)
  it("byte-compiles", () => {
    const { folder, pkg } = pythonClient(vendor);
    const result = runPython(vendor, ["-m", "compileall", "-q", join(folder, pkg), join(folder, "setup.py")]);
    expect(result.stdout + result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("imports, with one api module per spec tag", () => {
    const { pkg } = pythonClient(vendor);
    const result = runPython(vendor, [
      "-c",
      [
        "import importlib, json, pkgutil",
        `import ${pkg}, ${pkg}.api, ${pkg}.models`,
        `mods = sorted(m.name for m in pkgutil.iter_modules(${pkg}.api.__path__))`,
        `[importlib.import_module("${pkg}.api." + m) for m in mods]`,
        "print(json.dumps(mods))",
      ].join("\n"),
    ]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const expected = specTags(vendor).map(
      (t) =>
        `${t
          .toLowerCase()
          .split(/[^a-z0-9]+/)
          .filter(Boolean)
          .join("_")}_api`,
    );
    expect(JSON.parse(result.stdout)).toEqual(expected.sort());
  });
});

// The client's Configuration takes api_key / api_key_prefix dicts keyed by the security scheme name of the spec
// (`AccessKey`); get_api_key_with_prefix() joins them as "<prefix> <key>", so the header is `AccessKey <key>`.
// Every request is recorded by wrapping the urllib3 PoolManager the client uses.
const clientPrelude = (pkg: string) => `
import importlib, json, sys, tempfile
mb = importlib.import_module("${pkg}")
from ${pkg}.api.calls_api import CallsApi
from ${pkg}.api.recordings_api import RecordingsApi
sent = []

def client(key="test_key", cls=None):
    cfg = mb.Configuration(host=sys.argv[1], api_key={"AccessKey": key} if key else {}, api_key_prefix={"AccessKey": "AccessKey"})
    cfg.temp_folder_path = tempfile.mkdtemp()
    c = (cls or mb.ApiClient)(cfg)
    request = c.rest_client.pool_manager.request
    def record(method, url, **kw):
        sent.append({"method": method, "url": url, "headers": dict(kw.get("headers") or {})})
        return request(method, url, **kw)
    c.rest_client.pool_manager.request = record
    return c
`;

describe("messagebird-voice python client against a Prism mock", () => {
  const vendor = "messagebird-voice";

  it("lists calls (listCalls) with an `AccessKey <key>` Authorization header", () => {
    const { pkg } = pythonClient(vendor);
    const out = runScript(
      vendor,
      "list_calls.py",
      `${clientPrelude(pkg)}
page = CallsApi(client()).list_calls()
try:
    CallsApi(client(key=None)).list_calls()
    no_key = 200
except mb.ApiException as e:
    no_key = e.status
print(json.dumps({"ids": [c.id for c in page.data], "sent": sent, "noKey": no_key}))
`,
      inject("messagebirdUrl"),
    );
    const example = responseExample(vendor, "listCalls") as { data: { id: string }[] };
    expect(example.data.length).toBeGreaterThan(0);
    expect(out.ids).toEqual(example.data.map((c) => c.id));
    expect(out.sent[0]).toMatchObject({ method: "GET", url: `${inject("messagebirdUrl")}/calls` });
    expect(out.sent[0].headers.Authorization).toBe("AccessKey test_key");
    expect(out.sent[1].headers.Authorization).toBeUndefined();
    expect(out.noKey).toBe(401); // Prism checks that the header is there
  });

  it("documents a 5.0.0-beta2 limit: binary downloads send `Accept: application/json` (406 from Prism)", () => {
    const { pkg } = pythonClient(vendor);
    const recordingId = "3b4ac358-9467-4a6a-ab9b-7d5c4e0f1a23";
    const out = runScript(
      vendor,
      "download.py",
      `${clientPrelude(pkg)}
try:
    RecordingsApi(client()).download_recording("${recordingId}")
    status = 200
except mb.ApiException as e:
    status = e.status

# Workaround: send every media type the operation declares.
class AcceptAll(mb.ApiClient):
    def select_header_accept(self, accepts):
        return ", ".join(accepts) if accepts else None

path = RecordingsApi(client(cls=AcceptAll)).download_recording("${recordingId}")
print(json.dumps({"status": status, "accept": [s["headers"].get("Accept") for s in sent], "body": open(path, "rb").read().decode("latin-1")}))
`,
      inject("messagebirdUrl"),
    );
    expect(out.accept[0]).toBe("application/json"); // although the 200 answer is audio/wav
    expect(out.status).toBe(406);
    expect(out.accept[1]).toBe("audio/wav, application/json");
    expect(out.body).toBe(responseExample(vendor, "downloadRecording"));
  });
});

describe.runIf(vendors.includes("voipstudio"))("voipstudio python client", () => {
  it("documents a 5.0.0-beta2 limit: a list passed as the JSON `filter` query is sent as a Python repr", () => {
    const { pkg } = pythonClient("voipstudio");
    const out = runScript(
      "voipstudio",
      "filter.py",
      `
import importlib, json
from urllib.parse import parse_qs, urlsplit
vs = importlib.import_module("${pkg}")
from ${pkg}.api.history_api import HistoryApi
client = vs.ApiClient(vs.Configuration(host="http://127.0.0.1:9", api_key={"AuthToken": "t"}))
urls = []
def capture(method, url, **kw):  # stops before any connection is made
    urls.append(url)
    raise RuntimeError("captured")
client.rest_client.pool_manager.urlopen = capture
conditions = [{"property": "dst_id", "operator": "eq", "value": 123456}]
for value in (conditions, json.dumps(conditions)):
    try:
        HistoryApi(client).list_cdrs(filter=value)
    except RuntimeError:
        pass
print(json.dumps([parse_qs(urlsplit(u).query)["filter"][0] for u in urls]))
`,
    );
    const conditions = [{ property: "dst_id", operator: "eq", value: 123456 }];
    expect(out[0]).toBe("[{'property': 'dst_id', 'operator': 'eq', 'value': 123456}]"); // not JSON
    expect(JSON.parse(out[1])).toEqual(conditions); // json.dumps() first: correct
  });
});
