import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
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
  /** Locks held now, key → token, to renew and to release on close. */
  private readonly held = new Map<string, string>();
  private readonly renewer: NodeJS.Timeout;

  constructor(
    url: string,
    private readonly lease: { leaseMs: number; renewMs: number } = DEFAULT_LEASE,
    private readonly prefix = "jit-access:lock:",
  ) {
    // Fail fast rather than queue commands while Redis is away: a reconcile that
    // cannot take its lock is retried, never run unguarded.
    this.redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.redis.on("error", () => undefined);
    this.renewer = setInterval(() => void this.renew(), lease.renewMs);
    this.renewer.unref();
  }

  async exclusive<T>(name: string, run: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
    const key = `${this.prefix}${name}`;
    const token = randomUUID();
    await this.ready();
    const taken = await this.redis.set(key, token, "PX", this.lease.leaseMs, "NX");
    if (taken !== "OK") return { ran: false };
    this.held.set(key, token);
    try {
      return { ran: true, value: await run() };
    } finally {
      if (this.held.get(key) === token) this.held.delete(key);
      await this.redis.eval(RELEASE, 1, key, token).catch(() => undefined);
    }
  }

  /** Releases every lock still held, then closes the connection. */
  async close(): Promise<void> {
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

  private async ready(): Promise<void> {
    if (this.redis.status === "ready") return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("Redis is not reachable (REDIS_URL); the reconcile will be retried")), 5_000);
      this.redis.once("ready", () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
