import { fork, type ChildProcess } from "node:child_process";
import http from "node:http";
import { fileURLToPath } from "node:url";
import type { ServerConfig } from "./api-server.js";

export interface RunningServer {
  port: number;
  origin: string;
  /** Connections the server accepted so far (not counting stats requests). */
  connections(): Promise<number>;
  close(): Promise<void>;
}

/** Starts {@link ServerConfig} in a child process (its own core) and waits until it listens. */
export async function startApiServer(config: ServerConfig, timeoutMs = 30_000): Promise<RunningServer> {
  const script = fileURLToPath(new URL("./api-server.ts", import.meta.url));
  const child: ChildProcess = fork(script, [JSON.stringify(config)], {
    execArgv: process.execArgv, // keeps tsx's loader
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("api server did not start in time")), timeoutMs);
    child.once("message", (message) => {
      clearTimeout(timer);
      resolve((message as { port: number }).port);
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`api server exited with ${code}`));
    });
  });
  const origin = `http://127.0.0.1:${port}`;
  return {
    port,
    origin,
    connections: () =>
      new Promise<number>((resolve, reject) => {
        // A fresh connection each time (agent: false), which the server leaves out of its count.
        http
          .get(`${origin}/__stats`, { agent: false }, (res) => {
            let text = "";
            res.setEncoding("utf8");
            res.on("data", (chunk: string) => (text += chunk));
            res.on("end", () => resolve((JSON.parse(text) as { connections: number }).connections));
          })
          .on("error", reject);
      }),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
