import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Coordinator } from "./coordinator.js";

// Deletes the lock only if this holder still owns it (a slow holder whose lease
// ran out must not release the next holder's lock).
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;
// Extends the lease while the holder still owns the lock. A lock that vanished
// (Redis restarted empty, or flushed) is taken back when nobody else took it
// meanwhile; 0 says another holder has it now.
const RENEW = `local v = redis.call("get", KEYS[1])
if v == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) end
if not v then redis.call("set", KEYS[1], ARGV[1], "PX", ARGV[2]) return 1 end
return 0`;

/** A 6 s lease renewed every 2 s: a killed replica's locks free within seconds, a live one's never lapse. */
export const DEFAULT_LEASE = { leaseMs: 6_000, renewMs: 2_000 };

/**
 * Locks in Redis (`SET key token NX PX lease`), shared by every replica.
 * The lease is short and renewed while the holder runs, so a replica that
 * dies frees its locks within one lease; `close` releases every lock still
 * held (SIGTERM) before it closes the connection.
 *
 * @example
 * const coordinator = new RedisCoordinator("redis://localhost:6379");
 * const result = await coordinator.exclusive("issue:1:acme/access#7", () => reconcile(ref));
 */
export class RedisCoordinator implements Coordinator {
  private readonly redis: Redis;
  /** Since when Redis has been away, and how many lock attempts failed meanwhile; undefined while it answers. */
  private outage: { since: number; failed: number } | undefined;
  private closing = false;
  /** Locks held now, key → token, to renew and to release on close. */
  private readonly held = new Map<string, string>();
  private readonly renewer: NodeJS.Timeout;

  constructor(
    url: string,
    private readonly lease: { leaseMs: number; renewMs: number } = DEFAULT_LEASE,
    private readonly prefix = "jit-access:lock:",
    private readonly log?: Logger,
  ) {
    // Fail fast rather than queue commands while Redis is away: a reconcile that
    // cannot take its lock is retried, never run unguarded.
    this.redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: false });
    // ioredis reconnects by itself; the log says once that Redis is away and once that it is back.
    this.redis.on("error", (error: Error) => this.down(error));
    this.redis.on("close", () => this.down());
    this.redis.on("ready", () => this.up());
    this.renewer = setInterval(() => void this.renew(), lease.renewMs);
    this.renewer.unref();
  }

  async exclusive<T>(name: string, run: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
    const key = `${this.prefix}${name}`;
    const token = randomUUID();
    let taken: string | null;
    try {
      await this.ready();
      taken = await this.redis.set(key, token, "PX", this.lease.leaseMs, "NX");
    } catch (error) {
      if (this.outage) this.outage.failed++;
      throw error instanceof RedisUnavailableError ? error : new RedisUnavailableError(error);
    }
    if (taken !== "OK") return { ran: false };
    this.held.set(key, token);
    try {
      return { ran: true, value: await run() };
    } finally {
      if (this.held.get(key) === token) this.held.delete(key);
      await this.redis.eval(RELEASE, 1, key, token).catch(() => undefined);
    }
  }

  /** Throws, saying why, unless Redis answers a PING now (for /readyz). */
  async check(): Promise<void> {
    if (this.redis.status !== "ready") throw new RedisUnavailableError(undefined, `Redis is not reachable (REDIS_URL; connection ${this.redis.status})`);
    try {
      await this.redis.ping();
    } catch (error) {
      throw new RedisUnavailableError(error);
    }
  }

  /** Locks held now (what a drain releases). */
  get holding(): number {
    return this.held.size;
  }

  /** Releases every lock still held, then closes the connection. */
  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.renewer);
    const held = [...this.held];
    this.held.clear();
    if (this.redis.status === "ready") await Promise.all(held.map(([key, token]) => this.redis.eval(RELEASE, 1, key, token).catch(() => undefined)));
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private async renew(): Promise<void> {
    if (this.redis.status !== "ready") return;
    // A failed renewal is tried again at the next tick; the lease covers two misses.
    await Promise.all([...this.held].map(([key, token]) => this.redis.eval(RENEW, 1, key, token, String(this.lease.leaseMs)).catch(() => undefined)));
  }

  private down(error?: Error): void {
    if (this.outage || this.closing) return;
    this.outage = { since: Date.now(), failed: 0 };
    this.log?.warn({ reason: error?.message ?? "connection closed" }, "Redis is not reachable (REDIS_URL): reconciles wait for it and are retried, never run unguarded; /readyz says not ready until it is back");
  }

  private up(): void {
    const outage = this.outage;
    this.outage = undefined;
    if (outage) this.log?.info({ downMs: Date.now() - outage.since, failedLockAttempts: outage.failed }, "Redis is reachable again");
  }

  private async ready(): Promise<void> {
    if (this.redis.status === "ready") return;
    // Known to be away: fail at once rather than hold the reconcile (and a drain) for seconds.
    if (this.outage) throw new RedisUnavailableError();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new RedisUnavailableError()), 5_000);
      this.redis.once("ready", () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

/** Redis could not be reached for a lock; the reconcile is retried, never run unguarded. */
export class RedisUnavailableError extends Error {
  constructor(cause?: unknown, message = "Redis is not reachable (REDIS_URL); the reconcile will be retried") {
    super(cause instanceof Error ? `${message}: ${cause.message}` : message, cause === undefined ? undefined : { cause });
    this.name = "RedisUnavailableError";
  }
}
