// The smoke suite on every runtime, as ESM and as CJS, against the packed and npm-installed packages:
// one test per runtime × format × check. The eight runs start together and share a small pool (2 cores).
import { beforeAll, describe, it } from "vitest";
import { assertCheck, CHECKS, EXPECTED_REFUSED_POST_ATTEMPTS, FORMATS, pool, runSmoke, RUNTIMES, saveRun, type SmokeRun } from "./smoke-runner.js";

const concurrency = Number(process.env.RUNTIME_MATRIX_CONCURRENCY ?? 2);
const limit = pool<SmokeRun>(concurrency);
const runs = new Map<string, Promise<SmokeRun>>();

beforeAll(() => {
  for (const runtime of RUNTIMES) {
    for (const format of FORMATS) {
      runs.set(
        `${runtime} ${format}`,
        limit(async () => {
          const smokeRun = await runSmoke(runtime, format);
          saveRun(smokeRun);
          const passed = [...smokeRun.results.values()].filter((r) => r.ok).length;
          console.log(
            `[runtime-matrix] ${runtime} ${format} (${smokeRun.version ?? "?"}): ${passed}/${CHECKS.length} checks passed in ${smokeRun.ms} ms${smokeRun.error ? ` — ${smokeRun.error.split("\n")[0]}` : ""}`,
          );
          return smokeRun;
        }),
      );
    }
  }
});

for (const runtime of RUNTIMES) {
  for (const format of FORMATS) {
    describe(`${runtime} ${format}`, () => {
      let smokeRun: SmokeRun;
      beforeAll(async () => {
        smokeRun = await runs.get(`${runtime} ${format}`)!;
      }, 240_000);

      for (const check of CHECKS) {
        it(`${check.id}: ${check.title}`, () => {
          assertCheck(smokeRun, check, EXPECTED_REFUSED_POST_ATTEMPTS[runtime]);
        });
      }
    });
  }
}
