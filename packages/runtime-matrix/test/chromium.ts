// Headless Chromium for the browser checks, launched by playwright-core with the system's binary. The
// flags are the docs package's (no background traffic, no sandbox for root), with one change: its host
// resolver rule maps every host, IP literals included, to "not found", which would also refuse the
// loopback page and mocks; here everything but 127.0.0.1 stays unresolvable.
import { chromium as playwright, type Browser } from "playwright-core";
import { CHROMIUM_FLAGS } from "../../docs/test/helpers.js";

const LOOPBACK_ONLY = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1";

export function launchChromium(executablePath: string): Promise<Browser> {
  const args = [...CHROMIUM_FLAGS.filter((flag) => !flag.startsWith("--host-resolver-rules=") && flag !== "--headless"), LOOPBACK_ONLY];
  return playwright.launch({ executablePath, headless: true, chromiumSandbox: false, args, timeout: 60_000 });
}
