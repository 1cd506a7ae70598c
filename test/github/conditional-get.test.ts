import { describe, expect, it } from "vitest";
import { allPages, cachedGet, conditional } from "../../src/github/conditional-get.js";
import { PermanentGitHubError, TransientGitHubError } from "../../src/github/errors.js";
import { ResponseCache } from "../../src/github/response-cache.js";

const ROUTE = "GET /users/{username}";
const failure = (status: number) => Object.assign(new Error(`HTTP ${status}`), { status, response: { headers: {}, data: { message: `HTTP ${status}` } } });

describe("conditional GETs", () => {
  it("send the kept ETag, reuse the kept answer on a 304, and forget it on any failure", async () => {
    const cache = new ResponseCache();
    const sent: Record<string, string>[] = [];
    const answers: (() => Promise<{ data: string; headers: Record<string, unknown> }>)[] = [
      async () => ({ data: "v1", headers: { etag: '"a"' } }),
      () => Promise.reject(failure(304)),
      () => Promise.reject(failure(404)),
      async () => ({ data: "v2", headers: { etag: '"b"' } }),
    ];
    const get = () => cachedGet(cache, "k", ROUTE, (headers) => (sent.push(headers), answers[sent.length - 1]!()));
    expect(await get()).toBe("v1");
    expect(await get()).toBe("v1");
    await expect(get()).rejects.toBeInstanceOf(PermanentGitHubError);
    expect(await get()).toBe("v2");
    // After the 404 nothing was kept: the fourth GET is not conditional.
    expect(sent).toEqual([{}, { "if-none-match": '"a"' }, { "if-none-match": '"a"' }, {}]);
  });

  it("with the caller's ETag, say not-modified and not-found as answers, and type every other failure", async () => {
    expect(await conditional(ROUTE, '"a"', () => Promise.reject(failure(304)))).toEqual({ status: "not-modified" });
    expect(await conditional(ROUTE, undefined, () => Promise.reject(failure(404)))).toEqual({ status: "not-found" });
    expect(await conditional(ROUTE, undefined, async () => ({ data: 1, headers: { etag: '"e"' } }))).toEqual({ status: "ok", data: 1, etag: '"e"' });
    await expect(conditional(ROUTE, undefined, () => Promise.reject(failure(503)))).rejects.toBeInstanceOf(TransientGitHubError);
  });

  it("read pages until one is short", async () => {
    const pages: number[] = [];
    const items = await allPages(async (page) => (pages.push(page), page < 3 ? Array.from({ length: 100 }, (_, i) => i) : [7]));
    expect(pages).toEqual([1, 2, 3]);
    expect(items).toHaveLength(201);
  });
});
