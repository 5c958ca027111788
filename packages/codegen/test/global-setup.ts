import { mockGlobalSetup } from "@callspec/mock/vitest";

// One Prism mock of the MessageBird spec for the whole run (the generated Python client is pointed at it).
export default mockGlobalSetup({ messagebirdUrl: "messagebird-voice" });

declare module "vitest" {
  export interface ProvidedContext {
    messagebirdUrl: string;
  }
}
