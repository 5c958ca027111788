import type { CallbackPlan } from "../types.js";
import { messagebirdCallbacks } from "./messagebird-voice.js";
import { voipstudioCallbacks } from "./voipstudio.js";

/** The callbacks each callspec spec's vendor sends after a call was placed, by spec name (ZaaS sends none). */
export const callbackPlansBySpec: Readonly<Record<string, CallbackPlan>> = {
  "messagebird-voice": messagebirdCallbacks,
  voipstudio: voipstudioCallbacks,
};
