// Every ```ts block of every README in the repo must compile against the built packages, and, unless
// the README marks it `<!-- snippet: no-run: why -->`, run to its end against the Prism mocks.
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { MESSAGEBIRD_VOICE_BASE_URL } from "@callspec/messagebird-voice";
import { VOIPSTUDIO_BASE_URL } from "@callspec/voipstudio";
import { ZAAS_VOICE_BASE_URL } from "@callspec/zaas-voice";
import { beforeAll, describe, expect, inject, test } from "vitest";
import { snippetsOfRepo } from "./snippets/extract.js";
import { snippetDir, writeSnippetModules, type SnippetModule } from "./snippets/materialise.js";
import { runSnippet, type RunResult } from "./snippets/run.js";
import { typecheckSnippets, type TypecheckResult } from "./snippets/typecheck.js";

const examplesDir = fileURLToPath(new URL("..", import.meta.url));
const repoRoot = resolve(examplesDir, "..");
const modules = writeSnippetModules(examplesDir, snippetsOfRepo(repoRoot));

let checked: TypecheckResult;
beforeAll(() => {
  checked = typecheckSnippets(snippetDir(examplesDir), modules);
});

test("the READMEs hold TypeScript snippets to test", () => {
  // Guards the extractor itself: finding nothing would make every other check vacuous.
  expect(modules.length).toBeGreaterThan(0);
});

describe.each(modules.map((m) => [m.label, m] as const))("%s", (_label, module) => {
  // A snippet marked no-run (a vitest setup, say) is only type-checked; its test name says why.
  test(module.snippet.noRun ? `type-checks (not run: ${module.snippet.noRun})` : "type-checks", () => {
    const errors = [...checked.global, ...(checked.byFile.get(module.file) ?? [])];
    if (errors.length) throw new Error(`the snippet at ${module.label} does not compile:\n${errors.join("\n")}`);
  });

  if (!module.snippet.noRun) {
    test.concurrent("runs to its end against the Prism mocks", async () => {
      expectRanToEnd(module, await runAgainstMocks(module));
    });
  }
});

function runAgainstMocks(module: SnippetModule): Promise<RunResult> {
  const routes: [string, string][] = [
    [MESSAGEBIRD_VOICE_BASE_URL, inject("messagebirdUrl")],
    [VOIPSTUDIO_BASE_URL, inject("voipstudioUrl")],
    [ZAAS_VOICE_BASE_URL, inject("zaasUrl")],
  ];
  return runSnippet(module.file, { routes, code: module.snippet.lines.join("\n"), cwd: examplesDir, timeoutMs: 75_000 });
}

function expectRanToEnd(module: SnippetModule, result: RunResult): void {
  const output = result.output.trim().split("\n").slice(-40).join("\n");
  const why = result.timedOut
    ? "did not finish within the time limit"
    : !result.outcome || result.exitCode !== 0
      ? `stopped before its end (exit code ${result.exitCode ?? result.signal})`
      : result.outcome.strays.length
        ? `tried to reach hosts that are not mocks: ${result.outcome.strays.join(", ")}`
        : result.outcome.requests === 0
          ? "never talked to a mock, so running it proved nothing"
          : undefined;
  if (why) throw new Error(`the snippet at ${module.label} ${why}; its output:\n${output || "(none)"}`);
}
