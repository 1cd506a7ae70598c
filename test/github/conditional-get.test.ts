import { describe, expect, it } from "vitest";
import { allPages, cachedGet, cachedPage, conditional, linksNext } from "../../src/github/conditional-get.js";
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

  it("read pages while GitHub links a next one or a page is full", async () => {
    const pages: number[] = [];
    // A short page that links a next (GitHub left items out), a full one that links none (kept from before), then an empty one.
    const items = await allPages(async (page) => (pages.push(page), { items: page === 1 ? [7] : page === 2 ? Array.from({ length: 100 }, (_, i) => i) : [], next: page < 2 }));
    expect(pages).toEqual([1, 2, 3]);
    expect(items).toHaveLength(101);
  });

  it("tell a next page from GitHub's link header, and keep it with the answer for a 304", async () => {
    expect(linksNext('<https://api.github.com/x?page=3>; rel="next", <https://api.github.com/x?page=9>; rel="last"')).toBe(true);
    expect(linksNext('<https://api.github.com/x?page=1>; rel="prev", <https://api.github.com/x?page=1>; rel="first"')).toBe(false);
    expect(linksNext('<https://api.github.com/x?rel="next"&page=1>; rel="first"')).toBe(false);
    expect(linksNext(undefined)).toBe(false);
    const cache = new ResponseCache();
    const first = await cachedPage(cache, "k", ROUTE, async () => ({ data: [1], headers: { etag: '"a"', link: '<https://x/?page=2>; rel="next"' } }));
    const again = await cachedPage(cache, "k", ROUTE, () => Promise.reject(failure(304)));
    expect([first, again]).toEqual([{ items: [1], next: true }, { items: [1], next: true }]);
  });
});
