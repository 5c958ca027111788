/**
 * Dialtone, an invented test-only voice API (./openapi.yaml), plugged into the facade the way a real
 * fourth vendor would be: its spec, and this one definition file. Nothing in packages/voice/src/core
 * knows about it; it uses only the public entry point (`../../src/index.js`) and the definition types
 * (`../../src/core/vendor.js`).
 *
 * A real vendor package would generate its request-body validators at build time
 * (`@callspec/<vendor>/validators`); this test vendor compiles the tiny spec's request-body schemas with
 * Ajv when the validators are first asked for. Ajv is not a dependency of `@callspec/voice`: it is
 * resolved through `@callspec/mock` (a dev dependency of this package, which depends on Ajv).
 */
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { loadSpec } from "@callspec/mock";
import {
  absoluteExpiry,
  sessionPlan,
  createVoiceClient,
  type ErrorMode,
  type Page,
  type PaginateOptions,
  type SessionClientOptions,
  type TokenSession,
  type VoiceMethods,
} from "../../src/index.js";
import type { BodyValidators, VendorDefinition } from "../../src/core/vendor.js";

/** The spec this vendor is described by. */
export const DIALTONE_SPEC = fileURLToPath(new URL("./openapi.yaml", import.meta.url));
export const DIALTONE_BASE_URL = "https://api.dialtone.invalid/v1";
/** `expires_in` of the spec's login example. The facade's expiry policy is fixed per client (see the report). */
export const DIALTONE_TOKEN_LIFETIME_MS = 3600_000;

// ---------------------------------------------------------------------------------------------------------
// Hand-typed `paths`, in the shape openapi-typescript gives them (a real package would generate these).

export interface DialtoneCall {
  id: string;
  to: string;
  from: string;
  status: "ringing" | "answered" | "completed" | "failed";
}
export interface DialtoneErrorBody {
  error: { code: string; detail: string };
}
type NoParams = { query?: never; header?: never; path?: never; cookie?: never };
type Json<T> = { headers: { [name: string]: unknown }; content: { "application/json": T } };

export interface DialtonePaths {
  "/sessions": {
    parameters: NoParams;
    post: {
      parameters: NoParams;
      requestBody: { content: { "application/json": { username: string; password: string } } };
      responses: { 201: Json<{ access_token: string; expires_in: number }>; 401: Json<DialtoneErrorBody> };
    };
  };
  "/calls": {
    parameters: NoParams;
    get: {
      parameters: { query?: { page?: number; size?: number }; header?: never; path?: never; cookie?: never };
      requestBody?: never;
      responses: { 200: Json<{ items: DialtoneCall[]; total: number }>; 401: Json<DialtoneErrorBody> };
    };
    post: {
      parameters: NoParams;
      requestBody: { content: { "application/json": { to: string; from: string } } };
      responses: { 201: Json<DialtoneCall>; 400: Json<DialtoneErrorBody>; 401: Json<DialtoneErrorBody> };
    };
  };
  "/calls/{id}": {
    parameters: NoParams;
    get: {
      parameters: { query?: never; header?: never; path: { id: string }; cookie?: never };
      requestBody?: never;
      responses: { 200: Json<DialtoneCall>; 401: Json<DialtoneErrorBody>; 404: Json<DialtoneErrorBody> };
    };
  };
}

// ---------------------------------------------------------------------------------------------------------
// Request-body validators compiled from the spec.

interface AjvError {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}
interface AjvValidate {
  (data: unknown): boolean;
  errors?: AjvError[] | null;
}
interface AjvInstance {
  addSchema(schema: object, key: string): unknown;
  compile(schema: object): AjvValidate;
}
type AjvClass = new (options: object) => AjvInstance;

/** Ajv, resolved from `@callspec/mock` (which depends on it). */
function loadAjv(): AjvClass {
  const fromHere = createRequire(import.meta.url);
  const fromMock = createRequire(fromHere.resolve("@callspec/mock"));
  const mod = fromMock("ajv") as AjvClass & { default?: AjvClass; Ajv?: AjvClass };
  return mod.Ajv ?? mod.default ?? mod;
}

/** `/a/0/b` → `a[0].b`; the root is `(body)`. */
function fieldOf(pointer: string, member?: unknown): string {
  const parts = pointer
    .split("/")
    .slice(1)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (typeof member === "string") parts.push(member);
  let out = "";
  for (const part of parts) out += /^\d+$/.test(part) ? `[${part}]` : out ? `.${part}` : part;
  return out || "(body)";
}

/** Compiles every JSON request-body schema of the spec; problems name the field and never the value sent. */
export function compileDialtoneValidators(specPath = DIALTONE_SPEC): BodyValidators & { operations: string[] } {
  const doc = loadSpec(specPath);
  const Ajv = loadAjv();
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  ajv.addSchema(doc as object, "spec");
  const validators = new Map<string, AjvValidate>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const content = (op as { requestBody?: { content?: Record<string, unknown> } }).requestBody?.content;
      if (!content?.["application/json"]) continue;
      const pointer = `#/paths/${path.replace(/~/g, "~0").replace(/\//g, "~1")}/${method}/requestBody/content/application~1json/schema`;
      validators.set(`${method.toUpperCase()} ${path}`, ajv.compile({ $ref: `spec${pointer}` }));
    }
  }
  return {
    operations: [...validators.keys()].sort(),
    validateRequestBody(method, path, body) {
      const validate = validators.get(`${method.toUpperCase()} ${path}`);
      if (!validate) return undefined;
      if (body === undefined) return [{ field: "(body)", message: "is required" }];
      if (validate(body)) return [];
      return (validate.errors ?? []).map((e) =>
        e.keyword === "required"
          ? { field: fieldOf(e.instancePath, e.params["missingProperty"]), message: "is required" }
          : e.keyword === "additionalProperties"
            ? { field: fieldOf(e.instancePath, e.params["additionalProperty"]), message: "is not allowed" }
            : { field: fieldOf(e.instancePath), message: e.message ?? `fails ${e.keyword}` },
      );
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// The definition.

/** Options for {@link createDialtone}. */
export interface DialtoneOptions<Mode extends ErrorMode = "throw"> extends SessionClientOptions<Mode> {
  username: string;
  password: string;
}

export type DialtonePaginateOptions = PaginateOptions & { size?: number };

/** The facade's Dialtone client. */
export type DialtoneVoice<Mode extends ErrorMode = "throw"> = VoiceMethods<DialtonePaths, Mode> & {
  paginate(path: "/calls", options?: DialtonePaginateOptions): AsyncGenerator<DialtoneCall, void, undefined>;
  pages(path: "/calls", options?: DialtonePaginateOptions): AsyncGenerator<Page<DialtoneCall>, void, undefined>;
  readonly session: TokenSession;
};

/** How many times the validators were compiled (they must load lazily, once per client). */
export const validatorLoads = { count: 0 };

export const dialtoneVendor: VendorDefinition<DialtoneOptions<ErrorMode>> = {
  id: "dialtone",
  name: "Dialtone",
  defaultBaseUrl: DIALTONE_BASE_URL,
  auth(options, check) {
    const username = check.password("username", options.username);
    const password = check.password("password", options.password);
    check.secret(password);
    return sessionPlan({
      key: `dialtone:${check.baseUrl}:${username}`,
      policy: absoluteExpiry(DIALTONE_TOKEN_LIFETIME_MS, 60_000),
      async login(context) {
        const answer = await context.send("POST", "/sessions", { body: { username, password } });
        return context.tokenFrom(answer, ["access_token"], "POST /sessions");
      },
    });
  },
  placement: { in: "header", name: "Authorization", prefix: "Bearer " },
  public: ["POST /sessions"],
  callPlacing: ["POST /calls"],
  safePosts: ["POST /sessions"],
  secretFields: ["password", "access_token"],
  readErrors(body) {
    const error = body !== null && typeof body === "object" ? (body as { error?: unknown }).error : undefined;
    if (error === null || typeof error !== "object") return { codes: [], messages: [] };
    const { code, detail } = error as { code?: unknown; detail?: unknown };
    return {
      codes: typeof code === "string" && code !== "" ? [code] : [],
      messages: typeof detail === "string" && detail !== "" ? [detail] : [],
    };
  },
  requestIdHeader: "X-Request-Id",
  pagination: {
    pageParam: "page",
    sizeParam: "size",
    defaultSize: 20,
    maxSize: 100,
    readPage(body) {
      const b = body as { items?: unknown; total?: unknown } | undefined;
      if (!b || !Array.isArray(b.items)) return undefined;
      return { items: b.items, total: typeof b.total === "number" ? b.total : undefined };
    },
  },
  validators: async () => {
    validatorLoads.count++;
    return compileDialtoneValidators();
  },
};

/** Creates a Dialtone client. */
export function createDialtone<Mode extends ErrorMode = "throw">(options: DialtoneOptions<Mode>): DialtoneVoice<Mode> {
  return createVoiceClient(dialtoneVendor, options) as unknown as DialtoneVoice<Mode>;
}
