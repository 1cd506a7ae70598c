import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { RedisCoordinator } from "../../src/coordination/redis-coordinator.js";

// .ci/run installs redis-server; elsewhere, without it, the tests that need it are skipped.
export const hasRedis = spawnSync("redis-server", ["--version"]).status === 0;

/**
 * A real redis-server on a free loopback port, empty and without persistence,
 * that a test can stop and start again (it comes back empty, as a Redis
 * restarted without a dump does).
 */
export class RedisProcess {
  private server: ChildProcess | undefined;

  private constructor(readonly port: number) {}

  static async start(): Promise<RedisProcess> {
    const redis = new RedisProcess(await freePort());
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts it, empty, and waits until it answers. */
  async start(): Promise<void> {
    this.server = spawn("redis-server", ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    for (let i = 0; i < 50; i++) {
      const probe = new RedisCoordinator(this.url);
      const ok = await probe.exclusive("probe", async () => true).then(() => true, () => false);
      await probe.close();
      if (ok) return;
      await sleep(100);
    }
    throw new Error("redis-server did not start");
  }

  /** Stops it and waits until the process is gone. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server || server.exitCode !== null) return;
    const exited = new Promise((r) => server.once("exit", r));
    server.kill();
    await exited;
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits, 20 ms at a time and ten seconds at most, until `done` holds; throws naming `what` if it never does. */
export async function until(done: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await done()) return;
    await sleep(20);
  }
  throw new Error(`never happened: ${what}`);
}

/** A loopback port nothing listens on now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}
