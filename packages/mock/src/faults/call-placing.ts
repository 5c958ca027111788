/**
 * The operations that place a call, per callspec spec: a request to one of these that the mock accepted
 * counts as a placed call in the request log. One entry per vendor, keyed by spec name; the facade keeps
 * its own copy for its retry rules (`callPlacing` in each vendor definition of `@callspec/voice`), which
 * this package cannot import (the facade depends on it), so the two are compared by a facade test.
 */
export const callPlacingBySpec: Readonly<Record<string, readonly string[]>> = {
  "messagebird-voice": ["POST /calls"],
  voipstudio: ["POST /calls", "POST /webcalls", "POST /leadcalls"],
  "zaas-voice": ["POST /Call/Create"],
};
