import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { until } from "./until.js";

/** The package's root, where `npm start` runs. */
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface AppProcess {
  /** Every line written to stdout so far, in order. */
  readonly stdout: string[];
  /** Everything written to stderr so far. */
  readonly stderr: string[];
  /** How the process ended, once it has. */
  readonly exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** The first stdout line for which `test` holds, waiting at most `boundMs`. */
  line(test: (line: string) => boolean, what: string, boundMs: number): Promise<string>;
  /** Sends `signal` and waits at most `boundMs` for the process to end. */
  stop(signal: NodeJS.Signals, boundMs: number): Promise<NonNullable<AppProcess["exit"]>>;
  /** SIGKILL, if it still runs: for clean-up after a failure. */
  kill(): void;
}

/**
 * Runs `node ./bin/start.js` (what `npm start` runs, from the built `lib/`)
 * in its own process with exactly `env` as its environment, as an operator
 * would, and collects what it writes.
 *
 * @example
 * const app = startAppProcess({ APP_ID: "4242", PRIVATE_KEY: pem, WEBHOOK_SECRET: "…", JIT_ACCESS_SIGNING_KEY: "…", PORT: "3000" });
 * await app.line((l) => l.includes("Listening on"), "the server listens", 30_000);
 * await app.stop("SIGTERM", 15_000);
 */
export function startAppProcess(env: Record<string, string>): AppProcess {
  const child = spawn(process.execPath, ["./bin/start.js"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const stdout: string[] = [];
  const stderr: string[] = [];
  let exit: AppProcess["exit"];
  let partial = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    const lines = (partial + chunk).split("\n");
    partial = lines.pop() ?? "";
    stdout.push(...lines);
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => stderr.push(chunk));
  // "close", not "exit": by then every line the process wrote has been read.
  child.on("close", (code, signal) => {
    if (partial) stdout.push(partial);
    exit = { code, signal };
  });
  const tail = () => `last lines:\n${stdout.slice(-20).join("\n")}\nstderr:\n${stderr.join("")}`;
  return {
    stdout,
    stderr,
    get exit() {
      return exit;
    },
    async line(test, what, boundMs) {
      await until(() => stdout.some(test) || exit !== undefined, what, boundMs, tail);
      const found = stdout.find(test);
      if (found === undefined) throw new Error(`the app exited (${JSON.stringify(exit)}) before ${what}\n${tail()}`);
      return found;
    },
    async stop(signal, boundMs) {
      child.kill(signal);
      await until(() => exit !== undefined, `the app to exit after ${signal}`, boundMs, tail);
      return exit!;
    },
    kill() {
      if (exit === undefined) child.kill("SIGKILL");
    },
  };
}

/**
 * A TCP port free on this machine right now, for the app's PORT.
 *
 * @example
 * const port = await freePort(); // e.g. 43117
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
