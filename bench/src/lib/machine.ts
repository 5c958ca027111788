import os from "node:os";

/** One line describing where the numbers come from, read at run time. */
export function machineLine(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.replace(/\s+/g, " ").trim() ?? "unknown CPU";
  const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : cpus.length;
  const memGiB = os.totalmem() / 1024 ** 3;
  return `machine: ${cores} cores (${model}), ${memGiB.toFixed(1)} GiB RAM, ${os.platform()} ${os.release()} ${os.arch()}; Node ${process.version}; ${loadLine()}`;
}

/** The 1/5/15-minute load averages: other work on the machine shows up here and in the spread of the numbers. */
export function loadLine(): string {
  return `load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" / ")}`;
}
