import { mockGlobalSetup } from "@callspec/mock/vitest";

// One Prism mock per vendor for the whole run; every language's generated clients are pointed at them.
export default mockGlobalSetup({ messagebirdUrl: "messagebird-voice", voipstudioUrl: "voipstudio", zaasUrl: "zaas-voice" });

declare module "vitest" {
  export interface ProvidedContext {
    messagebirdUrl: string;
    voipstudioUrl: string;
    zaasUrl: string;
  }
}
