import { mockGlobalSetup } from "@callspec/mock/vitest";

export default mockGlobalSetup("voipstudio");

declare module "vitest" {
  export interface ProvidedContext {
    mockUrl: string;
  }
}
