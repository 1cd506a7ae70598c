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
  private readonly entries: LRUCache<string, { etag: string; data: unknown; next: boolean }>;

  constructor(limit = 20_000) {
    this.entries = new LRUCache({ max: limit });
  }

  get(key: string): { etag: string; data: unknown; next: boolean } | undefined {
    return this.entries.get(key);
  }

  /** `next`: for a page of a listing, whether GitHub's `link` header named a next page. */
  put(key: string, etag: string, data: unknown, next = false): void {
    this.entries.set(key, { etag, data, next });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
