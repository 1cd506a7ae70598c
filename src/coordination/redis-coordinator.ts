import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import type { Coordinator } from "./coordinator.js";

// Deletes the lock only if this holder still owns it (a slow holder whose lease
// ran out must not release the next holder's lock).
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

/**
 * Locks in Redis (`SET key token NX PX lease`), shared by every replica.
 * A lease bounds how long a crashed holder can block the others.
 *
 * @example
 * const coordinator = new RedisCoordinator("redis://localhost:6379");
 * const result = await coordinator.exclusive("issue:1:acme/access#7", () => reconcile(ref));
 */
export class RedisCoordinator implements Coordinator {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly leaseMs = 60_000,
    private readonly prefix = "jit-access:lock:",
  ) {
    // Fail fast rather than queue commands while Redis is away: a reconcile that
    // cannot take its lock is retried, never run unguarded.
    this.redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.redis.on("error", () => undefined);
  }

  async exclusive<T>(name: string, run: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
    const key = `${this.prefix}${name}`;
    const token = randomUUID();
    await this.ready();
    const taken = await this.redis.set(key, token, "PX", this.leaseMs, "NX");
    if (taken !== "OK") return { ran: false };
    try {
      return { ran: true, value: await run() };
    } finally {
      await this.redis.eval(RELEASE, 1, key, token).catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
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
