import { LRUCache } from "lru-cache";

/**
 * Answers to GET requests with their ETags, so the next identical GET can be
 * conditional: GitHub answers `304 Not Modified` while nothing changed, which
 * costs no rate limit, and the cached answer is used. Bounded: the least
 * recently used entries go first.
 *
 * @example
 * const cache = new ResponseCache(10_000);
 * cache.put("1:GET /repos/acme/access/issues/7", "W/\"abc\"", issue);
 * cache.get("1:GET /repos/acme/access/issues/7")?.etag; // 'W/"abc"'
 */
export class ResponseCache {
  private readonly entries: LRUCache<string, { etag: string; data: unknown }>;

  constructor(limit = 20_000) {
    this.entries = new LRUCache({ max: limit });
  }

  get(key: string): { etag: string; data: unknown } | undefined {
    return this.entries.get(key);
  }

  put(key: string, etag: string, data: unknown): void {
    this.entries.set(key, { etag, data });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
