import { mockGlobalSetup } from "@callspec/mock/vitest";

// One mock per vendor for the whole run; every snippet that runs shares them.
export default mockGlobalSetup({ messagebirdUrl: "messagebird-voice", voipstudioUrl: "voipstudio", zaasUrl: "zaas-voice" });

declare module "vitest" {
  export interface ProvidedContext {
    messagebirdUrl: string;
    voipstudioUrl: string;
    zaasUrl: string;
  }
}
