import { mockGlobalSetup } from "@callspec/mock/vitest";

export default mockGlobalSetup("zaas-voice");

declare module "vitest" {
  export interface ProvidedContext {
    mockUrl: string;
  }
}
