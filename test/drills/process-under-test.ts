import { execFileSync, spawn, type ChildProcess } from "node:child_process";

/** A node process started as an operator would, with everything it wrote. */
export interface RunningProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/**
 * Starts `node <args>` in `cwd` with exactly `env` (plus PATH and HOME).
 *
 * @example
 * const app = startNode(["bin/start.js"], folder, { APP_ID: "1" });
 */
export function startNode(args: string[], cwd: string, env: NodeJS.ProcessEnv): RunningProcess {
  const child = spawn(process.execPath, args, { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let text = "";
  child.stdout?.on("data", (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => text, exited };
}

/**
 * Waits until the server answers GET /ping, or fails with what the process
 * wrote if it exits first or never answers.
 *
 * @example
 * await untilPing(app, 3000);
 */
export async function untilPing(app: RunningProcess, port: number, boundMs = 60_000, host = "127.0.0.1"): Promise<string> {
  let exited = false;
  void app.exited.then(() => (exited = true));
  for (let waited = 0; waited < boundMs && !exited; waited += 200) {
    try {
      const response = await fetch(`http://${host}:${port}/ping`);
      if (response.ok) return await response.text();
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`/ping never answered; the process wrote:\n${app.output()}`);
}

/**
 * Stops the process with SIGTERM, as an orchestrator does, and returns its exit code.
 *
 * @example
 * expect(await stop(app)).toBe(0);
 */
export async function stop(app: RunningProcess): Promise<number | null> {
  app.child.kill("SIGTERM");
  return app.exited;
}

/**
 * Runs npm with the arguments, in `cwd`, preferring the local cache so the
 * drill needs the registry only for what the cache lacks.
 *
 * @example
 * npm(["ci", "--omit=dev"], folder);
 */
export function npm(args: string[], cwd: string): string {
  return execFileSync("npm", [...args, "--prefer-offline", "--no-audit", "--no-fund"], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}
