// Compile-time guarantees of the rebuilt facade (checked by `tsc --noEmit -p .`; the runtime part only
// builds clients and generators, it sends nothing). Each `@ts-expect-error` is needed: without the error
// it marks, tsc reports the directive as unused.
import { describe, expectTypeOf, it } from "vitest";
import type { Page, VoiceApiError } from "../src/index.js";
import { createMessageBird, type MessageBirdListItem } from "../src/messagebird.js";
import { createVoipstudio, type CollectionItem } from "../src/voipstudio.js";
import { createZaas } from "../src/zaas.js";
import { createDialtone, type DialtoneCall } from "./fourth-vendor/dialtone.js";
import type { paths as MessageBirdPaths } from "@callspec/messagebird-voice";

const noFetch = async (): Promise<Response> => {
  throw new Error("nothing is sent by a type test");
};
type ListCallsBody = MessageBirdPaths["/calls"]["get"]["responses"][200]["content"]["application/json"];

describe("throw mode", () => {
  it("data is always there: not undefined-able, with the raw response and the request id", () => {
    const mb = createMessageBird({ accessKey: "test_key", fetch: noFetch });
    const typed = async () => {
      const { data, response, requestId } = await mb.GET("/calls");
      expectTypeOf(data).branded.toEqualTypeOf<ListCallsBody>();
      expectTypeOf(data).not.toBeNullable();
      expectTypeOf(data.data).not.toBeNullable();
      expectTypeOf(response).toEqualTypeOf<Response>();
      expectTypeOf(requestId).toEqualTypeOf<string | undefined>();
      // No `error` member in throw mode.
      // @ts-expect-error a success has no error
      void (await mb.GET("/calls")).error;
    };
    void typed;
  });

  it("holds for the session vendors and the fourth vendor too", () => {
    const zaas = createZaas({ login: "l", password: "12345678", codCampaign: "0", fetch: noFetch });
    const dt = createDialtone({ username: "u", password: "p-123456", fetch: noFetch });
    const typed = async () => {
      const server = await zaas.POST("/Call/Server", { body: {} });
      expectTypeOf(server.data).not.toBeNullable();
      const call = await dt.GET("/calls/{id}", { params: { path: { id: "c-1" } } });
      expectTypeOf(call.data).toEqualTypeOf<DialtoneCall>();
      // @ts-expect-error the path parameter is required
      void dt.GET("/calls/{id}", {});
    };
    void typed;
  });
});

describe("result mode", () => {
  it("keeps openapi-fetch's { data?, error? } (plus requestId), narrowed by checking error", () => {
    const mb = createMessageBird({ accessKey: "test_key", errors: "result", fetch: noFetch });
    const typed = async () => {
      const result = await mb.GET("/calls");
      expectTypeOf(result.data).branded.toEqualTypeOf<ListCallsBody | undefined>();
      expectTypeOf(result.error).not.toBeUndefined();
      expectTypeOf(result.requestId).toEqualTypeOf<string | undefined>();
      expectTypeOf(result.response).toEqualTypeOf<Response>();
      if (result.error === undefined) expectTypeOf(result.data).branded.toEqualTypeOf<ListCallsBody>();
      expectTypeOf(mb.toError(result)).toEqualTypeOf<VoiceApiError | undefined>();
    };
    void typed;
  });
});

describe("paginate and pages", () => {
  it("refuse a single resource at compile time", () => {
    const mb = createMessageBird({ accessKey: "test_key", fetch: noFetch });
    const vs = createVoipstudio({ apiKey: "key-1234", fetch: noFetch });
    // Runtime would refuse them too (a ValidationError at once); only the types are under test here.
    const typed = () => {
      // @ts-expect-error a single call is not a list
      mb.paginate("/calls/{callId}");
      // With the path parameter given, the path itself is the only error left.
      // @ts-expect-error a single call is not a list
      mb.paginate("/calls/{callId}", { path: { callId: "c-1" } });
      // @ts-expect-error a single CDR is not a collection
      vs.paginate("/cdrs/{id}");
      // @ts-expect-error a single call is not a list
      mb.pages("/calls/{callId}", { path: { callId: "c-1" } });
    };
    void typed;
    // Lists are accepted.
    mb.paginate("/calls");
    vs.paginate("/cdrs");
  });

  it("type the items of paginate and of pages()", () => {
    const mb = createMessageBird({ accessKey: "test_key", fetch: noFetch });
    const vs = createVoipstudio({ apiKey: "key-1234", fetch: noFetch });
    const dt = createDialtone({ username: "u", password: "p-123456", fetch: noFetch });
    expectTypeOf(mb.paginate("/calls")).toEqualTypeOf<AsyncGenerator<MessageBirdListItem<"/calls">, void, undefined>>();
    expectTypeOf(mb.pages("/calls")).toEqualTypeOf<AsyncGenerator<Page<MessageBirdListItem<"/calls">>, void, undefined>>();
    expectTypeOf(vs.pages("/cdrs")).toEqualTypeOf<AsyncGenerator<Page<CollectionItem<"/cdrs">>, void, undefined>>();
    expectTypeOf(dt.pages("/calls")).toEqualTypeOf<AsyncGenerator<Page<DialtoneCall>, void, undefined>>();
    const typed = async () => {
      for await (const page of mb.pages("/calls")) {
        expectTypeOf(page.items).toEqualTypeOf<MessageBirdListItem<"/calls">[]>();
        expectTypeOf(page.items[0]!).toEqualTypeOf<ListCallsBody["data"][number]>();
        expectTypeOf(page.total).toEqualTypeOf<number | undefined>();
      }
      for await (const page of vs.pages("/cdrs")) expectTypeOf(page.items).toEqualTypeOf<CollectionItem<"/cdrs">[]>();
      for await (const call of dt.paginate("/calls")) expectTypeOf(call).toEqualTypeOf<DialtoneCall>();
    };
    void typed;
  });
});
