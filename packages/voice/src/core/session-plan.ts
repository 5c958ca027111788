import type { CallFunction, ClientCore } from "./client.js";
import { loginContext } from "./login-context.js";
import { TokenSession } from "./token-session.js";
import type { AuthPlan, SessionSpec } from "./vendor.js";

/** The auth plan of a client that logs in: a {@link TokenSession} whose login goes through the client's own requests. */
export function sessionPlan(spec: SessionSpec): AuthPlan {
  return {
    kind: "session",
    start(core: ClientCore, call: CallFunction) {
      return new TokenSession({
        key: spec.key,
        policy: spec.policy,
        login: () => {
          core.log.info(() => "logging in");
          return spec.login(loginContext(core, call));
        },
        onToken: (token) => core.secrets.add(token),
        ...(spec.revokesEarlierTokens ? { preferOwnToken: true } : {}),
        ...(core.options.tokenStore ? { store: core.options.tokenStore } : {}),
      });
    },
  };
}
