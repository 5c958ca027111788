// The smoke suite, written once. It runs unchanged on Node 20 and 22, Bun and Deno (loaded from
// run.mjs with `import` and from run.cjs with `require`) and, bundled, in headless Chromium. It only uses
// what every one of those has (fetch, TextDecoder, timers) and gets the packages through `load`, so the
// runner decides the module format. Each check yields one result: { check, ok, detail?, error? }.

/**
 * Every check of the suite. `browser: false` checks need what only the server runtimes have (the vendor
 * packages are not bundled for the page, and a page has no `require`).
 */
export const CHECKS = [
  { id: "load", title: "the facade entries (and, off the browser, the vendor packages) load and export their factories", browser: true },
  { id: "vendor.messagebird", title: "createMessageBirdVoiceClient: GET /calls and a .wav download (RIFF)", browser: false },
  { id: "vendor.voipstudio", title: "createVoipstudioClient: POST /login, GET /cdrs with a JSON filter, a .mp3 download (ID3)", browser: false },
  { id: "vendor.zaas", title: "createZaasVoiceClient: POST /Login, /Call/Server, /Call/Status", browser: false },
  { id: "facade.messagebird.calls", title: "@callspec/voice/messagebird: GET /calls", browser: true },
  { id: "facade.messagebird.wav", title: "@callspec/voice/messagebird: GET /recordings/{id}.wav as arrayBuffer starts with RIFF", browser: true },
  { id: "facade.voipstudio.cdrs", title: "@callspec/voice/voipstudio: password login, paginate /cdrs with a built filter", browser: true },
  { id: "facade.voipstudio.mp3", title: "@callspec/voice/voipstudio: GET /monitors/{id}.mp3 as arrayBuffer starts with ID3", browser: true },
  {
    id: "webhook.messagebird",
    title: "@callspec/voice/messagebird: a request signed by createMessageBirdTestSignature verifies (Web Crypto); an altered body is payload_mismatch",
    browser: true,
  },
  { id: "facade.zaas", title: "@callspec/voice/zaas: login, /Call/Server, /Call/Status", browser: false },
  { id: "notfound.messagebird", title: "MessageBird 404 (Prefer: code=404) is a NotFoundError (instanceof and name)", browser: true },
  { id: "notfound.voipstudio", title: "VoIPstudio 404 (Prefer: code=404) is a NotFoundError (instanceof and name)", browser: true },
  { id: "refused.get", title: "refused connection, GET /calls: ConnectionError after maxRetries+1 attempts", browser: true },
  {
    id: "refused.post-calls",
    title: "refused connection, call-placing POST /calls: ConnectionError; retried only where the runtime proves it unsent",
    browser: true,
  },
  { id: "reset.mid-body", title: "connection reset in the middle of a JSON body: ConnectionError, not a raw TypeError", browser: true },
  {
    id: "reset.post-calls",
    title: "call-placing POST /calls whose connection drops after it was sent: ConnectionError, one attempt, received once",
    browser: true,
  },
  {
    id: "instanceof.cross-format",
    title: "one class identity: errors of the require()d and the import()ed entry are instanceof each other's classes",
    browser: false,
  },
];

const RETRY = { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 5 };
const VS_LOGIN = { email: "jsmith@example.com", password: "$ecretPas$$" };
const ZAAS_LOGIN = { login: "flex", password: "12345678" };
const CALL_BODY = {
  source: "31644556677",
  destination: "31612345678",
  callFlow: { steps: [{ action: "say", options: { payload: "Hello", voice: "female", language: "en-GB" } }] },
};

/** The parts of an error (and its causes) that say what failed, for results and findings. */
export function describeError(error) {
  const one = (e) => {
    if (e === null || typeof e !== "object") return { value: String(e) };
    const out = { name: safe(() => e.name), constructor: safe(() => e.constructor?.name), message: safe(() => String(e.message ?? "")) };
    for (const key of ["code", "syscall", "errno", "status", "attempts", "vendor"]) {
      const v = safe(() => e[key]);
      if (v !== undefined) out[key] = v;
    }
    return out;
  };
  const chain = [];
  for (let e = error, depth = 0; depth < 5 && e !== undefined; e = safe(() => e?.cause), depth++) {
    chain.push(one(e));
    if (e === null || typeof e !== "object") break;
  }
  return { ...chain[0], causes: chain.slice(1) };
}

function safe(read) {
  try {
    return read();
  } catch {
    return undefined;
  }
}

class CheckFailure extends Error {}
function assert(condition, message, detail) {
  if (!condition) {
    const failure = new CheckFailure(message);
    failure.detail = detail;
    throw failure;
  }
}

function startsWith(bytes, text) {
  const head = new Uint8Array(bytes).subarray(0, text.length);
  return head.length === text.length && [...head].every((b, i) => b === text.charCodeAt(i));
}

async function caught(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return undefined;
}

/** Asserts a typed error: instanceof the entry's class and the literal name. */
function expectError(error, Class, name, extra = {}) {
  const shape = describeError(error);
  assert(error !== undefined, `expected a ${name}, but the request succeeded`);
  assert(typeof Class === "function", `the entry exports no ${name} class`, { error: shape });
  const isInstance = error instanceof Class;
  assert(isInstance && error.name === name, `expected ${name}, got ${shape.name} (${shape.constructor}): ${shape.message}`, {
    error: shape,
    instanceof: isInstance,
    name: error?.name,
  });
  return { error: shape, ...extra };
}

/**
 * Runs the checks and hands each result to `emit`.
 * @param {object} options
 * @param {"esm"|"cjs"|"browser"} options.format
 * @param {(specifier: string) => Promise<any>} options.load how this run loads a package
 * @param {((specifier: string) => Promise<any>) | undefined} options.loadOther the other module format (undefined in a browser)
 * @param {{ messagebirdUrl: string, voipstudioUrl: string, zaasUrl: string, refusedUrl: string, resetUrl: string, runId: string }} options.config
 * @param {string[]} [options.only] check ids to run (default: all)
 * @param {(result: object) => void} options.emit
 */
export async function runSuite({ format, load, loadOther, config, only, emit }) {
  const wanted = new Set(only ?? CHECKS.map((c) => c.id));
  const browser = format === "browser";
  const mods = {};
  const facade = async (name) => (mods[name] ??= await load(`@callspec/voice/${name}`));
  const vendor = async (name) => (mods[`vendor:${name}`] ??= await load(`@callspec/${name}`));

  const checks = {
    async load() {
      const expected = [
        ["messagebird", "createMessageBird", facade],
        ["voipstudio", "createVoipstudio", facade],
        ...(browser
          ? []
          : [
              ["zaas", "createZaas", facade],
              ["webhooks", "nodeHandler", facade],
              ["messagebird/call-flow", "callFlow", facade],
              ["messagebird-voice", "createMessageBirdVoiceClient", vendor],
              ["voipstudio", "createVoipstudioClient", vendor],
              ["zaas-voice", "createZaasVoiceClient", vendor],
            ]),
      ];
      const loaded = {};
      for (const [name, factory, loader] of expected) {
        const label = `${loader === facade ? "@callspec/voice/" : "@callspec/"}${name}`;
        let mod;
        try {
          mod = await loader(name);
        } catch (error) {
          assert(false, `${label} does not load: ${describeError(error).message}`, { error: describeError(error) });
        }
        assert(typeof mod[factory] === "function", `${label} exports no function ${factory} (got ${typeof mod[factory]})`);
        loaded[label] = factory;
      }
      return { loaded };
    },

    async "vendor.messagebird"() {
      const { createMessageBirdVoiceClient } = await vendor("messagebird-voice");
      const mb = createMessageBirdVoiceClient({ accessKey: "test_smoke", baseUrl: config.messagebirdUrl });
      const list = await mb.GET("/calls");
      assert(list.response.status === 200 && Array.isArray(list.data?.data) && list.data.data.length > 0, `GET /calls: status ${list.response.status}`, {
        error: list.error,
      });
      const wav = await mb.GET("/recordings/{recordingId}.wav", { params: { path: { recordingId: "r1" } }, parseAs: "arrayBuffer" });
      assert(wav.data instanceof ArrayBuffer && startsWith(wav.data, "RIFF"), `.wav: status ${wav.response.status}, no RIFF bytes`);
      return { calls: list.data.data.length, wavBytes: wav.data.byteLength };
    },

    async "vendor.voipstudio"() {
      const { createVoipstudioClient } = await vendor("voipstudio");
      const anonymous = createVoipstudioClient({ baseUrl: config.voipstudioUrl });
      const login = await anonymous.POST("/login", { body: VS_LOGIN });
      assert(typeof login.data?.user_token === "string", `POST /login: status ${login.response.status}, no user_token`, { error: login.error });
      const vs = createVoipstudioClient({ token: login.data.user_token, baseUrl: config.voipstudioUrl });
      const filter = JSON.stringify([{ property: "calldate", operator: "gt", value: "2018-09-01 00:00:00" }]);
      const cdrs = await vs.GET("/cdrs", { params: { query: { filter, limit: 10 } } });
      assert(Array.isArray(cdrs.data?.data) && cdrs.data.data.length > 0, `GET /cdrs: status ${cdrs.response.status}`, { error: cdrs.error });
      const mp3 = await vs.GET("/monitors/{id}.mp3", { params: { path: { id: 1 } }, parseAs: "arrayBuffer" });
      assert(mp3.data instanceof ArrayBuffer && startsWith(mp3.data, "ID3"), `.mp3: status ${mp3.response.status}, no ID3 bytes`, { error: mp3.error });
      return { cdrs: cdrs.data.data.length, mp3Bytes: mp3.data.byteLength };
    },

    async "vendor.zaas"() {
      const { createZaasVoiceClient } = await vendor("zaas-voice");
      const login = await createZaasVoiceClient({ baseUrl: config.zaasUrl }).POST("/Login", { body: ZAAS_LOGIN });
      assert(typeof login.data?.token === "string", `POST /Login: status ${login.response.status}, no token`, { error: login.error });
      const zaas = createZaasVoiceClient({ token: login.data.token, codCampaign: "0", baseUrl: config.zaasUrl });
      const server = await zaas.POST("/Call/Server", { body: {} });
      assert(Array.isArray(server.data) && server.data.length > 0, `POST /Call/Server: status ${server.response.status}`, { error: server.error });
      const status = await zaas.POST("/Call/Status", { body: { _id: "5d7bd5df7b2e3252147f8bd2" } });
      assert(Array.isArray(status.data) && typeof status.data[0]?.status === "string", `POST /Call/Status: status ${status.response.status}`, {
        error: status.error,
      });
      return { callStatus: status.data[0].status };
    },

    async "facade.messagebird.calls"() {
      const { createMessageBird } = await facade("messagebird");
      const mb = createMessageBird({ accessKey: "test_smoke", baseUrl: config.messagebirdUrl });
      const { data } = await mb.GET("/calls");
      assert(Array.isArray(data?.data) && data.data.length > 0, "GET /calls returned no calls");
      return { calls: data.data.length };
    },

    async "facade.messagebird.wav"() {
      const { createMessageBird } = await facade("messagebird");
      const mb = createMessageBird({ accessKey: "test_smoke", baseUrl: config.messagebirdUrl });
      const { data } = await mb.GET("/recordings/{recordingId}.wav", { params: { path: { recordingId: "r1" } }, parseAs: "arrayBuffer" });
      assert(data instanceof ArrayBuffer && startsWith(data, "RIFF"), "the .wav bytes do not start with RIFF");
      return { bytes: data.byteLength };
    },

    async "facade.voipstudio.cdrs"() {
      const { createVoipstudio, filterFor } = await facade("voipstudio");
      const vs = createVoipstudio({ ...VS_LOGIN, baseUrl: config.voipstudioUrl });
      const filter = filterFor("/cdrs").where("calldate", "gt", "2018-09-01 00:00:00").and("billsec", "gte", 0);
      const rows = [];
      for await (const cdr of vs.paginate("/cdrs", { filter, limit: 2 })) rows.push(cdr);
      // The mock's example: two rows per page, `total: 4`, so two pages.
      assert(rows.length === 4, `paginate("/cdrs") yielded ${rows.length} rows, expected 4 (total of the example)`);
      assert(vs.session !== undefined, "no login session");
      return { rows: rows.length, filter: String(filter) };
    },

    async "facade.voipstudio.mp3"() {
      const { createVoipstudio } = await facade("voipstudio");
      const vs = createVoipstudio({ ...VS_LOGIN, baseUrl: config.voipstudioUrl });
      const { data } = await vs.GET("/monitors/{id}.mp3", { params: { path: { id: 1 } }, parseAs: "arrayBuffer" });
      assert(data instanceof ArrayBuffer && startsWith(data, "ID3"), "the .mp3 bytes do not start with ID3");
      return { bytes: data.byteLength };
    },

    async "webhook.messagebird"() {
      const { createMessageBirdTestSignature, verifyMessageBirdWebhook } = await facade("messagebird");
      const url = "https://hooks.example.com/recorded?callID=c-1";
      const body = JSON.stringify({ id: "rec-1", legId: "leg-1" });
      const signingKey = "smoke-signing-key";
      const signature = await createMessageBirdTestSignature({ url, body, signingKey });
      const signed = (payload) => new Request(url, { method: "POST", headers: { "MessageBird-Signature-JWT": signature }, body: payload });
      const verified = await verifyMessageBirdWebhook(signed(body), { signingKey });
      assert(new TextDecoder().decode(verified) === body, "the verified body is not the body that was signed");
      let refusal;
      try {
        await verifyMessageBirdWebhook(signed(`${body} `), { signingKey });
      } catch (error) {
        refusal = error;
      }
      assert(
        refusal?.name === "WebhookVerificationError" && refusal.reason === "payload_mismatch",
        `an altered body was not refused as payload_mismatch (got ${refusal?.name} ${refusal?.reason})`,
      );
      return { bytes: verified.byteLength, refused: refusal.reason };
    },

    async "facade.zaas"() {
      const { createZaas } = await facade("zaas");
      const zaas = createZaas({ ...ZAAS_LOGIN, codCampaign: "0", baseUrl: config.zaasUrl });
      const server = await zaas.POST("/Call/Server", { body: {} });
      assert(Array.isArray(server.data) && server.data.length > 0, "POST /Call/Server returned nothing");
      const status = await zaas.POST("/Call/Status", { body: { _id: "5d7bd5df7b2e3252147f8bd2" } });
      assert(typeof status.data?.[0]?.status === "string", "POST /Call/Status returned no status");
      return { callStatus: status.data[0].status };
    },

    async "notfound.messagebird"() {
      const { createMessageBird, NotFoundError } = await facade("messagebird");
      const mb = createMessageBird({ accessKey: "test_smoke", baseUrl: config.messagebirdUrl });
      const error = await caught(mb.GET("/calls/{callId}", { params: { path: { callId: "nope" } }, headers: { Prefer: "code=404" } }));
      return expectError(error, NotFoundError, "NotFoundError");
    },

    async "notfound.voipstudio"() {
      const { createVoipstudio, NotFoundError } = await facade("voipstudio");
      const vs = createVoipstudio({ ...VS_LOGIN, baseUrl: config.voipstudioUrl });
      const error = await caught(vs.GET("/cdrs/{id}", { params: { path: { id: 1 } }, headers: { Prefer: "code=404" } }));
      return expectError(error, NotFoundError, "NotFoundError");
    },

    async "refused.get"() {
      const { createMessageBird, ConnectionError } = await facade("messagebird");
      const mb = createMessageBird({ accessKey: "test_smoke", baseUrl: config.refusedUrl, retry: RETRY });
      const error = await caught(mb.GET("/calls"));
      const result = expectError(error, ConnectionError, "ConnectionError", { attempts: error?.attempts });
      assert(error.attempts === RETRY.maxRetries + 1, `a refused GET made ${error.attempts} attempts, expected ${RETRY.maxRetries + 1}`, result);
      return result;
    },

    async "refused.post-calls"() {
      const { createMessageBird, ConnectionError } = await facade("messagebird");
      const mb = createMessageBird({ accessKey: "test_smoke", baseUrl: config.refusedUrl, retry: RETRY });
      const error = await caught(mb.POST("/calls", { body: CALL_BODY }));
      const result = expectError(error, ConnectionError, "ConnectionError", { attempts: error?.attempts });
      // Whether it may be retried depends on what the runtime can prove: the test compares per runtime.
      assert(error.attempts === 1 || error.attempts === RETRY.maxRetries + 1, `a refused POST /calls made ${error.attempts} attempts`, result);
      return result;
    },

    async "reset.mid-body"() {
      const { createMessageBird, ConnectionError } = await facade("messagebird");
      const mb = createMessageBird({ accessKey: "test_smoke", baseUrl: config.resetUrl, retry: RETRY });
      const error = await caught(mb.GET("/calls"));
      return expectError(error, ConnectionError, "ConnectionError", { attempts: error?.attempts });
    },

    async "reset.post-calls"() {
      const { createMessageBird, ConnectionError } = await facade("messagebird");
      const mb = createMessageBird({ accessKey: "test_smoke", baseUrl: config.resetUrl, retry: RETRY });
      const id = `${config.runId}-${Math.random().toString(36).slice(2)}`;
      const error = await caught(mb.POST("/calls", { body: CALL_BODY, params: { query: { smoke: id } } }));
      const count = await (await fetch(`${config.resetUrl}/__count?id=${encodeURIComponent(id)}`)).json();
      const result = { ...expectError(error, ConnectionError, "ConnectionError"), attempts: error.attempts, received: count.received };
      // The facade's part: one attempt. How often the server saw it (the runtime's own network stack may
      // resend on a reused connection) is compared per runtime by the test.
      assert(error.attempts === 1, `the facade made ${error.attempts} attempts at a call-placing POST that may have been placed`, result);
      assert(count.received >= 1, "the server never received the POST", result);
      return result;
    },

    async "instanceof.cross-format"() {
      assert(loadOther !== undefined, "this runner has no second module format");
      const mine = await facade("messagebird");
      let other;
      try {
        other = await loadOther("@callspec/voice/messagebird");
      } catch (error) {
        assert(false, `the other format does not load: ${describeError(error).message}`, { error: describeError(error) });
      }
      const request = (mod) =>
        caught(
          mod
            .createMessageBird({ accessKey: "test_smoke", baseUrl: config.messagebirdUrl })
            .GET("/calls/{callId}", { params: { path: { callId: "nope" } }, headers: { Prefer: "code=404" } }),
        );
      const fromMine = await request(mine);
      const fromOther = await request(other);
      const detail = {
        sameClass: mine.NotFoundError === other.NotFoundError,
        mineInstanceofOther: fromMine instanceof other.NotFoundError,
        otherInstanceofMine: fromOther instanceof mine.NotFoundError,
        mineError: describeError(fromMine),
        otherError: describeError(fromOther),
      };
      assert(
        detail.sameClass && detail.mineInstanceofOther && detail.otherInstanceofMine,
        `two NotFoundError classes: same class ${detail.sameClass}, ${format} error instanceof other ${detail.mineInstanceofOther}, other error instanceof ${format} ${detail.otherInstanceofMine}`,
        detail,
      );
      return detail;
    },
  };

  for (const { id } of CHECKS) {
    if (!wanted.has(id)) continue;
    const started = Date.now();
    try {
      const detail = await withTimeout(checks[id](), 15_000, id);
      emit({ check: id, ok: true, ms: Date.now() - started, detail });
    } catch (error) {
      const failure = error instanceof CheckFailure;
      emit({
        check: id,
        ok: false,
        ms: Date.now() - started,
        message: failure ? error.message : `threw ${describeError(error).name}: ${describeError(error).message}`,
        ...(failure ? { detail: error.detail } : { error: describeError(error) }),
      });
    }
  }

  // Raw runtime shapes, no facade in between: what a refused connect and a cut body look like here.
  emit({ probe: "refused", error: describeError(await caught(fetch(`${config.refusedUrl}/calls`))) });
  emit({
    probe: "mid-body",
    error: describeError(await caught(fetch(`${config.resetUrl}/calls`).then((r) => r.json()))),
  });
}

function withTimeout(promise, ms, id) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new CheckFailure(`${id} did not finish within ${ms} ms`)), ms);
    }),
  ]);
}
