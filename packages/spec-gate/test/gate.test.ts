// The gate on DELIBERATELY broken copies of the real specs (mutated in memory): each class of breaking change
// is found by the tool and fails the gate until every affected package has a `major` changeset; additive and
// unchanged specs pass with no changeset at all.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { collapseNested, operationOf } from "../src/diff.js";
import { checkBreakingChanges, gatePasses, majorBumps, satisfyingLines } from "../src/gate.js";
import { readChangesets } from "../src/workspace.js";
import { changeset, gate, realSpec, repoRoot, workspace, type Loose } from "./helpers.js";

const SPECS = "@callspec/specs";
const FACADE = "@callspec/voice";
const MB = "@callspec/messagebird-voice";
const ZAAS = "@callspec/zaas-voice";
const VS = "@callspec/voipstudio";
const VENDORS = ["messagebird-voice", "voipstudio", "zaas-voice"];

/** Operations (method + path) in a spec, counted here independently of the gate. */
function operationCount(spec: Loose): number {
  const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
  return (Object.values(spec.paths) as Loose[]).reduce((n, item) => n + methods.filter((m) => item[m]).length, 0);
}

describe("vendor → packages map, derived from packages/*/package.json", () => {
  it("names the spec package, the generated vendor package and the facade that re-exports it", () => {
    expect(workspace.specsPackage).toBe(SPECS);
    expect(workspace.specPackages).toEqual({ "messagebird-voice": [MB], voipstudio: [VS], "zaas-voice": [ZAAS] });
    expect(workspace.affectedPackages("messagebird-voice")).toEqual([SPECS, MB, FACADE]);
    expect(workspace.affectedPackages("voipstudio")).toEqual([SPECS, VS, FACADE]);
    expect(workspace.affectedPackages("zaas-voice")).toEqual([SPECS, ZAAS, FACADE]);
  });

  it("leaves out private packages and packages that only depend on the specs package", () => {
    const all = workspace.affectedPackages("voipstudio");
    expect(all).not.toContain("@callspec/mock");
    expect(all).not.toContain("@callspec/examples");
    expect(all).not.toContain("@callspec/spec-gate");
  });
});

describe("breaking changes: found, fail without major changesets, pass with them", () => {
  it("removed operation: GET /calls deleted from MessageBird", async () => {
    const mutate = (s: Loose) => delete s.paths["/calls"].get;
    const r = await gate("messagebird-voice", mutate);
    expect(r.breaking).toContainEqual(expect.objectContaining({ operation: "GET /calls", rule: "prevent operation removal", source: "optic" }));
    // The tool also lists every response property of the removed operation; people see one line.
    expect(collapseNested(r.breaking)).toHaveLength(1);
    expect(r.requiredMajor).toEqual([SPECS, MB, FACADE]);
    expect(r.missingMajor).toEqual([SPECS, MB, FACADE]);
    expect(satisfyingLines([r])).toEqual([`"${SPECS}": major`, `"${MB}": major`, `"${FACADE}": major`]);

    const ok = await gate("messagebird-voice", mutate, [changeset("major", SPECS, MB, FACADE)]);
    expect(ok.missingMajor).toEqual([]);
    expect(gatePasses([ok])).toBe(true);
  }, 420_000); // Optic lists every response property of the removed operation: minutes while the runtime matrix and docs tests share the 2 cores

  it("removed response field: rtcWsServer dropped from the ZaaS /Call/Server answer", async () => {
    const mutate = (s: Loose) => delete s.components.schemas.CallServer.properties.rtcWsServer;
    const r = await gate("zaas-voice", mutate);
    expect(r.breaking).toEqual([
      expect.objectContaining({
        operation: "POST /Call/Server",
        rule: "prevent removing response property",
        message: expect.stringContaining("cannot remove response property 'rtcWsServer'"),
      }),
    ]);
    expect(gatePasses([r])).toBe(false);
    expect(gatePasses([await gate("zaas-voice", mutate, [changeset("major", SPECS, ZAAS, FACADE)])])).toBe(true);
  });

  it("narrowed enum: `internal` removed from ZaaS call_type", async () => {
    const mutate = (s: Loose) => (s.components.schemas.CallCreateRequest.properties.call_type.enum = ["external"]);
    const r = await gate("zaas-voice", mutate);
    expect(r.breaking).toEqual([
      expect.objectContaining({
        operation: "POST /Call/Create",
        location: "POST /Call/Create request body: application/json property: call_type",
        message: "cannot remove enum option 'internal' from 'call_type' property. This is a breaking change.",
      }),
    ]);
    expect(r.missingMajor).toEqual([SPECS, ZAAS, FACADE]);
    expect((await gate("zaas-voice", mutate, [changeset("major", SPECS, ZAAS, FACADE)])).missingMajor).toEqual([]);
  });

  it("narrowed type: a request property changed from string to integer", async () => {
    const mutate = (s: Loose) => (s.components.schemas.CallCreateRequest.properties.api_key = { type: "integer" });
    const r = await gate("zaas-voice", mutate);
    expect(r.breaking).toEqual([expect.objectContaining({ rule: "prevent request property type changes", operation: "POST /Call/Create" })]);
    expect(gatePasses([r])).toBe(false);
  });

  it("newly required request field: a required member added to the ZaaS /Call/Status body", async () => {
    const mutate = (s: Loose) => {
      const body = s.components.schemas.CallStatusRequest;
      body.properties.channel = { type: "string" };
      body.required.push("channel");
    };
    const r = await gate("zaas-voice", mutate);
    expect(r.breaking).toEqual([
      expect.objectContaining({
        operation: "POST /Call/Status",
        message: "cannot add a required request property 'channel' to an existing operation. This is a breaking change.",
      }),
    ]);
    expect(gatePasses([r])).toBe(false);
    expect(gatePasses([await gate("zaas-voice", mutate, [changeset("major", SPECS, ZAAS, FACADE)])])).toBe(true);
  });

  it("newly required query parameter on MessageBird GET /calls", async () => {
    const mutate = (s: Loose) => s.paths["/calls"].get.parameters.push({ name: "status", in: "query", required: true, schema: { type: "string" } });
    const r = await gate("messagebird-voice", mutate);
    expect(r.breaking).toEqual([
      expect.objectContaining({
        operation: "GET /calls",
        rule: "prevent new required query parameters",
        message: "cannot add required query parameter status to an existing operation. This is a breaking change.",
      }),
    ]);
    expect(r.missingMajor).toEqual([SPECS, MB, FACADE]);
    expect(gatePasses([await gate("messagebird-voice", mutate, [changeset("major", SPECS, MB, FACADE)])])).toBe(true);
  });

  it("an existing optional query parameter made required (shared `page` parameter: every list operation)", async () => {
    const r = await gate("messagebird-voice", (s: Loose) => (s.components.parameters.Page.required = true));
    expect(r.breaking.length).toBeGreaterThan(1);
    expect(r.breaking.every((f) => f.rule === "prevent requiring existing query parameters")).toBe(true);
    expect(r.breaking.map((f) => f.operation)).toContain("GET /calls");
  });

  it("extra check (not the tool): an optional request body made required", async () => {
    const mutate = (s: Loose) => (s.paths["/recordings/{recordingId}/transcriptions"].post.requestBody.required = true);
    const r = await gate("messagebird-voice", mutate);
    expect(r.breaking).toEqual([expect.objectContaining({ operation: "POST /recordings/{recordingId}/transcriptions", source: "extra-check" })]);
    expect(gatePasses([r])).toBe(false);
  });

  it("a major bump of the vendor package alone is not enough: the specs package and the facade are named", async () => {
    const mutate = (s: Loose) => (s.components.schemas.CallCreateRequest.properties.call_type.enum = ["external"]);
    const r = await gate("zaas-voice", mutate, [changeset("major", ZAAS), changeset("minor", SPECS, FACADE)]);
    expect(r.missingMajor).toEqual([SPECS, FACADE]);
    expect(satisfyingLines([r])).toEqual([`"${SPECS}": major`, `"${FACADE}": major`]);
  });

  it("Optic's own escape hatch (x-optic-exemptions) does not get a breaking change through", async () => {
    const r = await gate("zaas-voice", (s: Loose) => {
      s.paths["/Call/Create"].post.parameters = [{ name: "trace", in: "query", required: true, schema: { type: "string" } }];
      s.paths["/Call/Create"].post["x-optic-exemptions"] = ["prevent new required query parameters"];
    });
    expect(r.breaking).toEqual([expect.objectContaining({ rule: "prevent new required query parameters", operation: "POST /Call/Create" })]);
    expect(gatePasses([r])).toBe(false);
  });

  it("a deleted vendor spec reads as every operation removed", async () => {
    const [r] = await checkBreakingChanges({
      vendors: ["zaas-voice"],
      affectedPackages: (v) => workspace.affectedPackages(v),
      baseline: () => realSpec("zaas-voice"),
      current: () => undefined,
      changesets: [],
    });
    const removed = r!.breaking.filter((f) => f.rule === "prevent operation removal").map((f) => f.operation);
    expect(removed.sort()).toEqual(["POST /Call/Create", "POST /Call/Server", "POST /Call/Status", "POST /Login"]);
    expect(gatePasses([r!])).toBe(false);
  });
});

describe("non-breaking changes pass with no changeset", () => {
  it("additive: new optional request and response fields, a new optional query parameter, a new operation (VoIPstudio)", async () => {
    const r = await gate("voipstudio", (s: Loose) => {
      s.components.schemas.LoginRequest.properties.remember_me = { type: "boolean" };
      s.components.schemas.LoginResponse.properties.expires_at = { type: "string", format: "date-time" };
      s.paths["/ping"].get.parameters = [{ name: "verbose", in: "query", schema: { type: "boolean" } }];
      s.paths["/status"] = { get: { operationId: "getStatus", responses: { "200": { description: "ok" } } } };
    });
    expect(r).toEqual({
      vendor: "voipstudio",
      compared: true,
      breaking: [],
      requiredMajor: [],
      missingMajor: [],
      report: expect.objectContaining({ differ: "optic", opticBreaking: 0, extraBreaking: 0 }),
    });
    expect(r.report!.opticResults).toBeGreaterThan(0); // Optic evaluated its rules on the changed places, and all passed
  });

  it("additive on ZaaS: a new enum value accepted in a request", async () => {
    const r = await gate("zaas-voice", (s: Loose) => s.components.schemas.CallCreateRequest.properties.call_type.enum.push("sip"));
    expect(r.breaking).toEqual([]);
    expect(gatePasses([r])).toBe(true);
  });

  it("documentation-only edits (descriptions, examples) on the whole MessageBird spec: the tool finds nothing", async () => {
    const r = await gate("messagebird-voice", (s: Loose) => {
      s.info.description = "Edited.";
      for (const item of Object.values(s.paths) as Loose[]) for (const op of Object.values(item) as Loose[]) if (op?.responses) op.description = "Edited.";
      for (const schema of Object.values(s.components.schemas) as Loose[]) schema.description = "Edited.";
      delete s.paths["/calls"].get.responses["200"].content["application/json"].example;
    });
    expect(r.compared).toBe(true);
    expect(r.breaking).toEqual([]);
  });

  // Identical specs take the gate's documented shortcut (no diff); the test after this one sends the same real
  // specs, each with a harmless edit on every operation, through Optic.
  it("unchanged specs pass, with the repo's real pending changesets", async () => {
    const results = await checkBreakingChanges({
      vendors: VENDORS,
      affectedPackages: (v) => workspace.affectedPackages(v),
      baseline: realSpec,
      current: realSpec,
      changesets: readChangesets(repoRoot),
    });
    expect(results).toEqual(
      VENDORS.map((vendor) => {
        const operations = operationCount(realSpec(vendor));
        return {
          vendor,
          compared: true,
          breaking: [],
          requiredMajor: [],
          missingMajor: [],
          report: {
            differ: "identical",
            operations: { before: operations, after: operations },
            opticDiffs: 0,
            opticResults: 0,
            opticBreaking: 0,
            extraBreaking: 0,
          },
        };
      }),
    );
    expect(results.find((r) => r.vendor === "zaas-voice")!.report!.operations.before).toBe(4);
    expect(gatePasses(results)).toBe(true);
  });

  it("a harmless edit of every operation of every real spec goes through Optic and passes, with the repo's real pending changesets", async () => {
    // A new OPTIONAL query parameter on every operation: Optic's "prevent new required query parameters" rule runs
    // once per operation and passes, so its result count proves it compared each operation of the real specs.
    const probe = { name: "x_spec_gate_probe", in: "query", required: false, schema: { type: "string" } };
    const edited = (vendor: string) => {
      const spec: Loose = realSpec(vendor);
      for (const item of Object.values(spec.paths) as Loose[]) {
        for (const op of Object.values(item) as Loose[]) if (op?.responses) op.parameters = [...(op.parameters ?? []), probe];
      }
      return spec;
    };
    const results = await checkBreakingChanges({
      vendors: VENDORS,
      affectedPackages: (v) => workspace.affectedPackages(v),
      baseline: realSpec,
      current: edited,
      changesets: readChangesets(repoRoot),
    });
    expect(results).toEqual(
      VENDORS.map((vendor) => {
        const operations = operationCount(realSpec(vendor));
        return {
          vendor,
          compared: true,
          breaking: [],
          requiredMajor: [],
          missingMajor: [],
          report: {
            differ: "optic",
            operations: { before: operations, after: operations },
            opticDiffs: operations,
            opticResults: operations,
            opticBreaking: 0,
            extraBreaking: 0,
          },
        };
      }),
    );
    expect(results.find((r) => r.vendor === "zaas-voice")!.report!.operations.before).toBe(4);
    expect(gatePasses(results)).toBe(true);
  });

  it("a vendor with no baseline spec (new since the release) is not compared", async () => {
    const [r] = await checkBreakingChanges({
      vendors: ["zaas-voice"],
      affectedPackages: () => [SPECS],
      baseline: () => undefined,
      current: realSpec,
      changesets: [],
    });
    expect(r).toEqual({ vendor: "zaas-voice", compared: false, breaking: [], requiredMajor: [], missingMajor: [] });
  });
});

describe("changesets", () => {
  it("reads every .changeset/*.md but README.md with changesets' parser", () => {
    const dir = mkdtempSync(join(tmpdir(), "spec-gate-cs-"));
    mkdirSync(join(dir, ".changeset"));
    writeFileSync(join(dir, ".changeset", "README.md"), "# Changesets\n");
    writeFileSync(join(dir, ".changeset", "config.json"), "{}\n");
    writeFileSync(join(dir, ".changeset", "a.md"), `---\n"@callspec/voipstudio": major\n'@callspec/specs': major\n---\n\nBreak.\n`);
    writeFileSync(join(dir, ".changeset", "b.md"), `---\n"@callspec/voice": minor\n---\n\nAdd.\n`);
    const parsed = readChangesets(dir);
    rmSync(dir, { recursive: true, force: true });
    expect(parsed.map((c) => c.id)).toEqual(["a", "b"]);
    expect([...majorBumps(parsed)].sort()).toEqual(["@callspec/specs", "@callspec/voipstudio"]);
  });

  it("the repo's own pending changesets parse", () => {
    const parsed = readChangesets(repoRoot);
    expect(parsed.length).toBeGreaterThan(0);
    for (const c of parsed) expect(c.releases.length).toBeGreaterThan(0);
  });
});

it("operationOf reads the operation from a JSON pointer", () => {
  expect(operationOf("/paths/~1calls~1{callId}/get/responses/200")).toBe("GET /calls/{callId}");
  expect(operationOf("/components/schemas/Call")).toBeUndefined();
});
