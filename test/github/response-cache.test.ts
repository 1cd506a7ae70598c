import { describe, expect, it } from "vitest";
import { ResponseCache } from "../../src/github/response-cache.js";

describe("the cache of conditional answers", () => {
  it("keeps at most its limit, the least recently used going first", () => {
    const cache = new ResponseCache(2);
    cache.put("a", '"1"', 1);
    cache.put("b", '"2"', 2);
    expect(cache.get("a")?.etag).toBe('"1"');
    cache.put("c", '"3"', 3);
    expect(cache.size).toBe(2);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")?.data).toBe(1);
    expect(cache.get("c")?.data).toBe(3);
  });

  it("replaces an answer under the same key and forgets one deleted", () => {
    const cache = new ResponseCache();
    cache.put("a", '"1"', 1);
    cache.put("a", '"2"', 2);
    expect(cache.get("a")).toEqual({ etag: '"2"', data: 2, next: false });
    cache.delete("a");
    expect(cache.get("a")).toBeUndefined();
  });
});
