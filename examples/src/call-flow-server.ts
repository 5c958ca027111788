// The demo's call-flow server: what MessageBird fetches when a call reaches a number whose flow says
// `fetchCallFlow`. It verifies MessageBird's signature, reads the typed query and answers with a call flow
// built by the typed builder (checked against the spec before it is sent).
import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { receiveMessageBirdWebhook } from "@callspec/voice/messagebird";
import { callFlow } from "@callspec/voice/messagebird/call-flow";
import { expressHandler, type PublicUrlOptions } from "@callspec/voice/webhooks";

export interface CallFlowServer {
  /** Where the server answers call-flow fetches. */
  url: string;
  close(): Promise<void>;
}

/** Starts the server on a free local port (or `port`). */
export async function startCallFlowServer(options: { signingKey: string; port?: number } & PublicUrlOptions): Promise<CallFlowServer> {
  const { signingKey, port = 0, ...urls } = options;
  const app = express();
  app.get(
    "/call-flow",
    expressHandler(async (request) => {
      const { query } = await receiveMessageBirdWebhook(request, "callFlowFetch", { signingKey, ...urls });
      return callFlow("callspec demo: fetched")
        .step("say", { payload: `Hello ${query.source ?? "caller"}, this is callspec.`, voice: "female", language: "en-GB" })
        .step("pause", { length: 1 })
        .step("hangup")
        .response();
    }),
  );
  const server: Server = app.listen(port, "127.0.0.1");
  await once(server, "listening");
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}/call-flow`,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
