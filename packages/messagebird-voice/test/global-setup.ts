import { mockGlobalSetup } from "@callspec/mock/vitest";

export default mockGlobalSetup("messagebird-voice");

declare module "vitest" {
  export interface ProvidedContext {
    mockUrl: string;
  }
}
