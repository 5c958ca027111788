import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { withStartSlot } from "../src/start-slots.js";

const freshDir = () => mkdtempSync(join(tmpdir(), "callspec-slots-test-"));
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("withStartSlot", () => {
  it("lets only `slots` starts run at once, the others take turns", async () => {
    const dir = freshDir();
    let running = 0;
    let most = 0;
    const start = async () => {
      running++;
      most = Math.max(most, running);
      await pause(80);
      running--;
    };
    await Promise.all(Array.from({ length: 6 }, () => withStartSlot(start, { dir, slots: 2 })));
    expect(most).toBe(2);
  });

  it("frees the slot when the start fails", async () => {
    const dir = freshDir();
    await expect(withStartSlot(() => Promise.reject(new Error("boom")), { dir, slots: 1 })).rejects.toThrow("boom");
    await expect(withStartSlot(async () => "next", { dir, slots: 1, waitMs: 1_000 })).resolves.toBe("next");
  });

  it("takes over a slot whose holder process is gone", async () => {
    const dir = freshDir();
    // A pid that surely existed and ended: a child that has exited.
    const gone = spawnSync(process.execPath, ["-e", "0"]).pid;
    mkdirSync(join(dir, "slot-0"));
    writeFileSync(join(dir, "slot-0", "holder"), `${gone} ${Date.now()}`);
    await expect(withStartSlot(async () => "taken", { dir, slots: 1, waitMs: 2_000 })).resolves.toBe("taken");
  });

  it("waits for a live holder and gives up after waitMs with a clear error", async () => {
    const dir = freshDir();
    mkdirSync(join(dir, "slot-0"));
    writeFileSync(join(dir, "slot-0", "holder"), `${process.pid} ${Date.now()}`);
    await expect(withStartSlot(async () => "never", { dir, slots: 1, waitMs: 300 })).rejects.toThrow(/no Prism start slot came free within 300 ms/);
  });
});
