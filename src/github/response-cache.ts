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
  private readonly entries = new Map<string, { etag: string; data: unknown }>();

  constructor(private readonly limit = 20_000) {}

  get(key: string): { etag: string; data: unknown } | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      // Re-insert to mark as recently used.
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  put(key: string, etag: string, data: unknown): void {
    this.entries.delete(key);
    this.entries.set(key, { etag, data });
    while (this.entries.size > this.limit) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
