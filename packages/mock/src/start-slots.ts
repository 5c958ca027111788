import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";

/** Where the start slots live: one directory per slot, shared by every process of this user on the machine. */
const SLOT_ROOT = join(tmpdir(), "callspec-prism-start-slots");

/** A slot whose holder has not released it after this long is taken over (the holder hung or was killed). */
const STALE_AFTER_MS = 10 * 60_000;

/** Options for {@link withStartSlot}. */
export interface StartSlotOptions {
  /** How many Prisms may load their spec at once (default: the number of CPU cores). */
  slots?: number;
  /** Directory holding the slots (tests use their own). */
  dir?: string;
  /** Longest wait for a free slot, in milliseconds (default 10 minutes). */
  waitMs?: number;
}

/**
 * Runs `start` while holding one of a few machine-wide start slots. Prism's start-up is CPU-bound (about
 * 1.5 s of one core); a test run on two cores that starts a dozen of them at once, beside type checks and
 * browsers, can stretch each start past any fixed time limit. Taking turns keeps every start near its
 * idle duration, so the caller's time limit can measure Prism rather than the machine's load.
 */
export async function withStartSlot<T>(start: () => Promise<T>, options: StartSlotOptions = {}): Promise<T> {
  const slot = await acquireSlot(options);
  const release = () => rmSync(slot, { recursive: true, force: true });
  process.once("exit", release);
  try {
    return await start();
  } finally {
    process.removeListener("exit", release);
    await rm(slot, { recursive: true, force: true });
  }
}

async function acquireSlot(options: StartSlotOptions): Promise<string> {
  const root = options.dir ?? SLOT_ROOT;
  const slots = Math.max(1, options.slots ?? availableParallelism());
  const deadline = Date.now() + (options.waitMs ?? 10 * 60_000);
  await mkdir(root, { recursive: true });
  for (;;) {
    for (let i = 0; i < slots; i++) {
      const slot = join(root, `slot-${i}`);
      if (await tryTake(slot)) return slot;
    }
    if (Date.now() > deadline) throw new Error(`no Prism start slot came free within ${options.waitMs ?? 600_000} ms (${root})`);
    await new Promise((r) => setTimeout(r, 50 + Math.random() * 50));
  }
}

/** Takes `slot` if it is free, or held by a process that is gone or by one that held it too long. */
async function tryTake(slot: string): Promise<boolean> {
  try {
    await mkdir(slot);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    if (!(await isAbandoned(slot))) return false;
    await rm(slot, { recursive: true, force: true });
    return tryTake(slot);
  }
  await writeFile(join(slot, "holder"), `${process.pid} ${Date.now()}`);
  return true;
}

async function isAbandoned(slot: string): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(join(slot, "holder"), "utf8");
  } catch {
    // Just created and the holder not written yet, or the holder died in between: judge by the age.
    const created = await stat(slot).then(
      (s) => s.mtimeMs,
      () => Date.now(),
    );
    return Date.now() - created > 5_000;
  }
  const [pid, since] = text.split(" ").map(Number);
  if (!pid || !since || Date.now() - since > STALE_AFTER_MS) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // EPERM: alive, but another user's process.
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}
