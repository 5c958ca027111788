// Compile-time guarantees of the public API (checked by `tsc --noEmit`, which the typecheck task runs).
import { describe, expectTypeOf, it } from "vitest";
import { createMessageBird } from "../src/messagebird.js";
import { createVoipstudio, filterFor } from "../src/voipstudio.js";

describe("paginate types", () => {
  it("requires path parameters for nested MessageBird lists and types the items", () => {
    const mb = createMessageBird({ accessKey: "test_key", fetch: async () => new Response("{}") });
    expectTypeOf(mb.paginate).toBeFunction();
    mb.paginate("/calls/{callId}/legs", { path: { callId: "c1" } });
    // @ts-expect-error the call id is required
    mb.paginate("/calls/{callId}/legs");
    // @ts-expect-error the call id is required
    mb.paginate("/calls/{callId}/legs", { perPage: 5 });
  });

  it("accepts only a filter built for the same VoIPstudio collection", () => {
    const vs = createVoipstudio({ apiKey: "key-1", fetch: async () => new Response("{}") });
    vs.paginate("/cdrs", { filter: filterFor("/cdrs").where("calldate", "gt", "2018-09-01 00:00:00") });
    vs.paginate("/cdrs", { filter: '[{"property":"src","operator":"eq","value":"1"}]' });
    // @ts-expect-error a contacts filter on the CDR collection
    vs.paginate("/cdrs", { filter: filterFor("/contacts").where("first_name", "eq", "Ana") });
  });
});
