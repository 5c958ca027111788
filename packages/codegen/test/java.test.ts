import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { distDir, findRun, vendors } from "./helpers.js";
import { type JUnitCase, readJUnit } from "./support/junit.js";
import { runReadmeCommands } from "./support/readme.js";

// The Java clients (okhttp-gson) are built with Maven and installed into the local Maven repository, then
// checks/java (a Maven project of JUnit 5 checks depending on the three installed artifacts) runs against
// the Prism mocks of test/global-setup.ts; each of its checks is one test here, read from surefire's JUnit XML.

const checksDir = fileURLToPath(new URL("../checks/java", import.meta.url));
const reportsDir = join(checksDir, "target", "surefire-reports");
const INSTALL = ["-B", "-q", "-DskipTests", "-Dmaven.javadoc.skip=true", "-Dmaven.source.skip=true", "install"];
// A cold local repository downloads the plugins and dependencies first (about 70 MB).
const COLD_MAVEN = 15 * 60_000;

/** The JUnit 5 class of checks/java per vendor and its @Test methods; every one must pass. */
const checks: Record<string, { testClass: string; tests: string[] }> = {
  "messagebird-voice": {
    testClass: "io.callspec.checks.MessageBirdTest",
    tests: ["listCallsWithAccessKey", "listCallsWithoutKeyIs401", "downloadRecordingWithGeneratedAcceptIs406", "downloadRecordingWavWithAcceptInterceptor"],
  },
  voipstudio: {
    testClass: "io.callspec.checks.VoipstudioTest",
    tests: ["loginGivesUserToken", "listCdrsWithJsonFilterLimitAndPage"],
  },
  "zaas-voice": {
    testClass: "io.callspec.checks.ZaasTest",
    tests: ["loginGivesToken", "callStatusWithTokenFirst"],
  },
};

/** Runs Maven; short-lived JVMs start faster with C1 only and the serial GC (MAVEN_OPTS overrides). */
function mvn(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}, timeout = COLD_MAVEN) {
  const r = spawnSync("mvn", args, {
    cwd,
    encoding: "utf8",
    timeout,
    maxBuffer: 64 * 1024 * 1024,
    env: { MAVEN_OPTS: "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC", ...process.env, ...env },
  });
  return { status: r.status, output: `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? `\n${r.error.message}` : ""}` };
}

/** The generated Maven project of a vendor and the artifact it installs, from dist/manifest.json. */
function javaClient(vendor: string) {
  const run = findRun(vendor, "java");
  const artifactId = String(run.options.artifactId);
  const version = String(run.options.artifactVersion);
  const folder = join(distDir, run.output);
  return { run, folder, artifactId, version, target: join(folder, "target"), jar: join(folder, "target", `${artifactId}-${version}.jar`) };
}

describe("java clients", () => {
  describe.each(vendors)("%s", (vendor) => {
    it("is generated (openapi-generator exit code 0, a pom.xml)", () => {
      const { run, folder } = javaClient(vendor);
      expect(run.exitCode, `see dist/logs/${vendor}.java.log`).toBe(0);
      expect(run.options.library).toBe("okhttp-gson");
      expect(existsSync(join(folder, "pom.xml"))).toBe(true);
    });
  });

  it(
    "the README's java-build block builds and installs the MessageBird client, as written",
    () => {
      const { target, jar } = javaClient("messagebird-voice");
      rmSync(target, { recursive: true, force: true }); // compiled from scratch, not "nothing to compile"
      const { status, output } = runReadmeCommands("java-build", {}, COLD_MAVEN);
      expect(status, output).toBe(0);
      expect(existsSync(jar), `${jar} after the README block`).toBe(true);
    },
    COLD_MAVEN,
  );

  describe.each(vendors)("%s", (vendor) => {
    it(
      "builds and installs with mvn install",
      () => {
        const { folder, target, jar } = javaClient(vendor);
        rmSync(target, { recursive: true, force: true });
        const { status, output } = mvn(INSTALL, folder, {}, COLD_MAVEN);
        expect(status, output).toBe(0);
        expect(existsSync(jar)).toBe(true);
      },
      COLD_MAVEN,
    );
  });

  describe("checks/java against the Prism mocks (mvn test)", () => {
    let run: { status: number | null; output: string } = { status: null, output: "not run" };
    let cases: JUnitCase[] = [];

    beforeAll(() => {
      // Nothing left from an earlier run (classes compiled against older clients, reports of passed checks).
      rmSync(join(checksDir, "target"), { recursive: true, force: true });
      run = mvn(
        ["-B", "-q", "test"],
        checksDir,
        {
          MESSAGEBIRD_MOCK_URL: inject("messagebirdUrl"),
          VOIPSTUDIO_MOCK_URL: inject("voipstudioUrl"),
          ZAAS_MOCK_URL: inject("zaasUrl"),
        },
        COLD_MAVEN,
      );
      const reports = existsSync(reportsDir) ? readdirSync(reportsDir).filter((f) => /^TEST-.*\.xml$/.test(f)) : [];
      cases = readJUnit(...reports.map((f) => join(reportsDir, f)));
    }, COLD_MAVEN);

    /** What to show when a check is missing or failed: Maven's own output (compile errors, assertion messages). */
    const mavenOutput = () => `mvn test exited ${run.status}:\n${run.output.split("\n").slice(-80).join("\n")}`;

    it("runs every check this file lists, and only those", () => {
      const expected = Object.values(checks).flatMap(({ testClass, tests }) => tests.map((t) => `${testClass}.${t}`));
      expect(cases.map((c) => `${c.classname}.${c.name}`).sort(), mavenOutput()).toEqual(expected.sort());
    });

    describe.each(vendors)("%s", (vendor) => {
      it("checks/java/pom.xml depends on the generated artifact", () => {
        const { artifactId, version } = javaClient(vendor);
        const pom = readFileSync(join(checksDir, "pom.xml"), "utf8");
        expect(pom).toContain(`<artifactId>${artifactId}</artifactId>`);
        expect(/<callspec\.client\.version>([^<]+)</.exec(pom)?.[1]).toBe(version);
        expect(checks[vendor], `no Java checks listed for ${vendor}`).toBeDefined();
      });

      it.each(checks[vendor]?.tests ?? [])("%s", (name) => {
        const testClass = checks[vendor]!.testClass;
        const found = cases.find((c) => c.classname === testClass && c.name === name);
        expect(found, `no JUnit testcase ${testClass}.${name}; ${mavenOutput()}`).toBeDefined();
        expect(found!.problem, `${testClass}.${name} failed; ${mavenOutput()}`).toBeUndefined();
      });
    });
  });
});
