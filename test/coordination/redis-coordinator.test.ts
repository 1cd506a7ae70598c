import { Redis } from "ioredis";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisCoordinator } from "../../src/coordination/redis-coordinator.js";
import { Scheduler } from "../../src/reconcile/scheduler.js";
import { manualClock } from "../e2e/manual-clock.js";
import { hasRedis, RedisProcess, sleep, until } from "./redis-server.js";

describe.runIf(process.env.CI === "true")("in CI", () => {
  it("has redis-server, so the coordination tests run", () => {
    expect(hasRedis).toBe(true);
  });
});

/**
 * Waits until `name`'s lock is in Redis: a holder's first command goes out on a new connection, and a fixed
 * pause before asking another replica was a race on a busy machine (the test files run one per core).
 */
async function taken(url: string, name: string): Promise<void> {
  const admin = new Redis(url);
  try {
    await until(async () => (await admin.exists(`jit-access:lock:${name}`)) === 1, `the lock on ${name} taken`);
  } finally {
    admin.disconnect();
  }
}

describe.skipIf(!hasRedis)("RedisCoordinator (a real redis-server)", () => {
  let redis: RedisProcess;
  let url: string;

  beforeAll(async () => {
    redis = await RedisProcess.start();
    url = redis.url;
  });

  afterAll(async () => {
    await redis?.stop();
  });

  it("lets one replica hold a name at a time, and releases it", async () => {
    const a = new RedisCoordinator(url);
    const b = new RedisCoordinator(url);
    let release!: () => void;
    const held = a.exclusive("issue:x", () => new Promise<string>((r) => (release = () => r("a"))));
    await taken(url, "issue:x");
    expect(await b.exclusive("issue:x", async () => "b")).toEqual({ ran: false });
    expect(await b.exclusive("issue:y", async () => "b")).toEqual({ ran: true, value: "b" });
    release();
    expect(await held).toEqual({ ran: true, value: "a" });
    expect(await b.exclusive("issue:x", async () => "b")).toEqual({ ran: true, value: "b" });
    await a.close();
    await b.close();
  });

  it("renews a live holder's lease for as long as it runs", async () => {
    const a = new RedisCoordinator(url, SHORT);
    const b = new RedisCoordinator(url, SHORT);
    let release!: () => void;
    const held = a.exclusive("issue:slow", () => new Promise<void>((r) => (release = r)));
    await sleep(2 * SHORT.leaseMs);
    expect(await b.exclusive("issue:slow", async () => 1)).toEqual({ ran: false });
    release();
    await held;
    expect(await b.exclusive("issue:slow", async () => 1)).toEqual({ ran: true, value: 1 });
    await a.close();
    await b.close();
  });

  it("frees a killed holder's name within one lease", async () => {
    const a = new RedisCoordinator(url, SHORT);
    const b = new RedisCoordinator(url, SHORT);
    void a.exclusive("grant:acme/ops/jane", () => new Promise(() => undefined));
    await taken(url, "grant:acme/ops/jane");
    expect((await b.exclusive("grant:acme/ops/jane", async () => 1)).ran).toBe(false);
    kill(a);
    await sleep(SHORT.leaseMs + 200);
    expect(await b.exclusive("grant:acme/ops/jane", async () => 1)).toEqual({ ran: true, value: 1 });
    await b.close();
  });

  it("releases every name it holds when closed (SIGTERM), so another replica goes on at once", async () => {
    const a = new RedisCoordinator(url);
    const b = new RedisCoordinator(url);
    void a.exclusive("issue:held", () => new Promise(() => undefined));
    await taken(url, "issue:held");
    expect((await b.exclusive("issue:held", async () => 1)).ran).toBe(false);
    await a.close();
    expect(await b.exclusive("issue:held", async () => 1)).toEqual({ ran: true, value: 1 });
    await b.close();
  });

  it("Redis emptied (FLUSHALL): new names are free at once, and a live holder takes its name back", async () => {
    const a = new RedisCoordinator(url, SHORT);
    const b = new RedisCoordinator(url, SHORT);
    let release!: () => void;
    const held = a.exclusive("issue:kept", () => new Promise<void>((r) => (release = r)));
    await taken(url, "issue:kept");
    const admin = new Redis(url);
    await admin.flushall();
    expect(await b.exclusive("issue:other", async () => 2)).toEqual({ ran: true, value: 2 });
    for (let i = 0; i < 50 && (await admin.exists("jit-access:lock:issue:kept")) === 0; i++) await sleep(SHORT.renewMs);
    expect(await b.exclusive("issue:kept", async () => 1)).toEqual({ ran: false });
    release();
    await held;
    admin.disconnect();
    await a.close();
    await b.close();
  });

  it("Redis restarted empty: lock attempts fail at once while it is away, and work again as soon as the connection is back", async () => {
    const a = new RedisCoordinator(url, SHORT);
    expect(await a.exclusive("issue:before", async () => 1)).toEqual({ ran: true, value: 1 });
    await redis.stop();
    // While Redis is known to be away, a lock attempt fails at once (the reconcile is retried).
    for (let i = 0; i < 100 && (await a.check().then(() => true, () => false)); i++) await sleep(20);
    await expect(a.exclusive("issue:during", async () => 2)).rejects.toThrow(/Redis is not reachable/);
    await redis.start();
    // ioredis reconnects by itself, within its retry delay.
    for (let i = 0; i < 200 && !(await a.check().then(() => true, () => false)); i++) await sleep(20);
    expect(await a.exclusive("issue:after", async () => 3)).toEqual({ ran: true, value: 3 });
    await a.close();
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
    const waits: number[] = [];
    const schedulers = replicas.map((c) => new Scheduler(run, clock, log, c, { onLockWait: (_lock, waitedMs) => waits.push(waitedMs) }));
    const ref = { installationId: 1, owner: "acme", repo: "access", number: 7 };
    for (let i = 0; i < 5; i++) for (const s of schedulers) s.enqueue(ref);
    await Promise.all(schedulers.map((s) => s.idle()));
    // The replica that found the request busy looks again a second later.
    clock.advance(1_000);
    await Promise.all(schedulers.map((s) => s.idle()));
    expect(most).toBe(1);
    expect(runs).toBeGreaterThanOrEqual(2);
    // The replica that waited says how long, for jit_access_lock_wait_seconds.
    expect(waits).toEqual([1_000]);
    for (const c of replicas) await c.close();
  });
});

// Renewed six times a lease, so a busy machine missing a tick or two never lets a live lock lapse.
const SHORT = { leaseMs: 600, renewMs: 100 };

/** A replica killed: its connection gone without releasing anything, its renewals stopped with it. */
function kill(coordinator: RedisCoordinator): void {
  (coordinator as unknown as { redis: Redis }).redis.disconnect();
}
