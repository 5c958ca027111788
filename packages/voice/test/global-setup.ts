import { mockGlobalSetup } from "@callspec/mock/vitest";

export default mockGlobalSetup({ messagebirdUrl: "messagebird-voice", voipstudioUrl: "voipstudio", zaasUrl: "zaas-voice" });

declare module "vitest" {
  export interface ProvidedContext {
    messagebirdUrl: string;
    voipstudioUrl: string;
    zaasUrl: string;
  }
}
