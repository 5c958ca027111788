import type { LoginAnswer, LoginContext } from "../core/vendor.js";

/** Log in with e-mail and password. */
export interface VoipstudioPasswordLogin {
  email: string;
  password: string;
  /**
   * Supplies the code when the account uses two-factor login (the API answers 202 with a nonce). Without
   * it such a login fails with an {@link AuthenticationError}.
   */
  onTwoFactor?: (challenge: { nonce: string }) => Promise<string> | string;
  /**
   * After logging in, mint a long-lived API token (`POST /apitokens`) and use it instead of the 30-minute
   * session token. `expirySeconds` is its idle lifetime; `0` means it never expires. An existing token of
   * the same name is replaced, as the API allows one per name.
   */
  apiToken?: { name: string; expirySeconds: number };
}

/**
 * VoIPstudio's login: `POST /login`, then `POST /login2fa` when the account asks for a second factor
 * (202 with a nonce), then, when asked, minting an API token with the session token.
 */
export async function passwordLogin(context: LoginContext, login: VoipstudioPasswordLogin): Promise<string> {
  const first = await context.send("POST", "/login", { body: { email: login.email, password: login.password } });
  const userToken = first.status === 202 ? await secondFactor(context, login, first) : context.tokenFrom(first, ["user_token"], "POST /login");
  if (!login.apiToken) return userToken;
  return mintApiToken(context, userToken, login.apiToken);
}

async function secondFactor(context: LoginContext, login: VoipstudioPasswordLogin, first: LoginAnswer): Promise<string> {
  const nonce = (first.body as { nonce?: unknown } | undefined)?.nonce;
  if (!login.onTwoFactor || typeof nonce !== "string" || nonce === "") {
    throw context.authenticationFailed("VoIPstudio asks for a two-factor code; pass onTwoFactor to createVoipstudio", 202);
  }
  const code = await login.onTwoFactor({ nonce });
  const second = await context.send("POST", "/login2fa", { body: { code, nonce } });
  return context.tokenFrom(second, ["user_token"], "POST /login2fa");
}

/** One API token per (name, user): an existing one is deleted first, as VoIPstudio's own CLI does. */
async function mintApiToken(context: LoginContext, userToken: string, apiToken: { name: string; expirySeconds: number }): Promise<string> {
  const filter = JSON.stringify([{ property: "name", operator: "eq", value: apiToken.name }]);
  const existing = await context.send("GET", "/apitokens", { query: { filter }, token: userToken });
  const rows = ((existing.body as { data?: unknown } | undefined)?.data ?? []) as { token?: string; name?: string }[];
  for (const old of Array.isArray(rows) ? rows : []) {
    if (!old.token || old.name !== apiToken.name) continue;
    // The old token is in the DELETE path: make sure no message or log line can show it.
    context.secret(old.token);
    await context.send("DELETE", "/apitokens/{token}", { pathParams: { token: old.token }, token: userToken });
  }
  const created = await context.send("POST", "/apitokens", { body: { name: apiToken.name, expiry: apiToken.expirySeconds }, token: userToken });
  return context.tokenFrom(created, ["data", "token"], "POST /apitokens");
}
