import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisCoordinator } from "../../src/coordination/redis-coordinator.js";
import { Scheduler } from "../../src/reconcile/scheduler.js";
import { manualClock } from "../e2e/manual-clock.js";

// .ci/run installs redis-server; elsewhere, without it, these tests are skipped.
const hasRedis = spawnSync("redis-server", ["--version"]).status === 0;

describe.runIf(process.env.CI === "true")("in CI", () => {
  it("has redis-server, so the coordination tests run", () => {
    expect(hasRedis).toBe(true);
  });
});

describe.skipIf(!hasRedis)("RedisCoordinator (a real redis-server)", () => {
  let server: ChildProcess;
  let url: string;

  beforeAll(async () => {
    const port = await freePort();
    server = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    url = `redis://127.0.0.1:${port}`;
    for (let i = 0; i < 50; i++) {
      const probe = new RedisCoordinator(url);
      const ok = await probe.exclusive("probe", async () => true).then(() => true, () => false);
      await probe.close();
      if (ok) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error("redis-server did not start");
  });

  afterAll(() => {
    server?.kill();
  });

  it("lets one replica hold a name at a time, and releases it", async () => {
    const a = new RedisCoordinator(url);
    const b = new RedisCoordinator(url);
    let release!: () => void;
    const held = a.exclusive("issue:x", () => new Promise<string>((r) => (release = () => r("a"))));
    await new Promise((r) => setTimeout(r, 50));
    expect(await b.exclusive("issue:x", async () => "b")).toEqual({ ran: false });
    expect(await b.exclusive("issue:y", async () => "b")).toEqual({ ran: true, value: "b" });
    release();
    expect(await held).toEqual({ ran: true, value: "a" });
    expect(await b.exclusive("issue:x", async () => "b")).toEqual({ ran: true, value: "b" });
    await a.close();
    await b.close();
  });

  it("frees a name when the holder's lease runs out", async () => {
    const a = new RedisCoordinator(url, 200);
    const b = new RedisCoordinator(url, 200);
    void a.exclusive("issue:stuck", () => new Promise(() => undefined));
    await new Promise((r) => setTimeout(r, 50));
    expect((await b.exclusive("issue:stuck", async () => 1)).ran).toBe(false);
    await new Promise((r) => setTimeout(r, 300));
    expect(await b.exclusive("issue:stuck", async () => 1)).toEqual({ ran: true, value: 1 });
    await a.close();
    await b.close();
  });

  it("two replicas' schedulers never reconcile one request at the same time", async () => {
    let running = 0;
    let most = 0;
    let runs = 0;
    const run = async () => {
      running++;
      most = Math.max(most, running);
      runs++;
      await new Promise((r) => setTimeout(r, 20));
      running--;
      return undefined;
    };
    const log = pino({ level: "silent" });
    const clock = manualClock(0);
    const replicas = [new RedisCoordinator(url), new RedisCoordinator(url)];
    const schedulers = replicas.map((c) => new Scheduler(run, clock, log, c));
    const ref = { installationId: 1, owner: "acme", repo: "access", number: 7 };
    for (let i = 0; i < 5; i++) for (const s of schedulers) s.enqueue(ref);
    await Promise.all(schedulers.map((s) => s.idle()));
    // The replica that found the request busy looks again a second later.
    clock.advance(1_000);
    await Promise.all(schedulers.map((s) => s.idle()));
    expect(most).toBe(1);
    expect(runs).toBeGreaterThanOrEqual(2);
    for (const c of replicas) await c.close();
  });
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}
