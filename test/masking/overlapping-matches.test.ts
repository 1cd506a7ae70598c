import { describe, expect, it } from "vitest";
import { mergeDisjoint } from "../../src/masking/curl-user.js";
import { createMasker } from "../../src/masking/index.js";
import type { Span } from "../../src/masking/scan.js";

/*
 * A cookie's value, a `curl -u` password or a Kubernetes Secret's value is
 * found after the scan; where it runs into a match of the scan (a keyword's
 * value, a token), what it holds besides that match is masked under its own
 * placeholder, not left whole.
 */

const masker = createMasker();
const COOKIE = "Zq8vR2mX9kLp7wQ4nB6tY1uI3oP5aS7d";
const TOKEN = "Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z";

const span = (start: number, end: number, replacement: string): Span => ({ start, end, replacement });

describe("merging what is found after the scan", () => {
  it.each([
    ["no overlap", [span(0, 2, "a")], [span(3, 5, "b")], [span(0, 2, "a"), span(3, 5, "b")]],
    ["a match inside", [span(2, 4, "a")], [span(0, 6, "b")], [span(0, 2, "b"), span(2, 4, "a"), span(4, 6, "b")]],
    ["a match over the start", [span(0, 3, "a")], [span(2, 6, "b")], [span(0, 3, "a"), span(3, 6, "b")]],
    ["a match over the end", [span(4, 8, "a")], [span(2, 6, "b")], [span(2, 4, "b"), span(4, 8, "a")]],
    ["a match over the whole", [span(0, 8, "a")], [span(2, 6, "b")], [span(0, 8, "a")]],
    ["two matches inside", [span(1, 2, "a"), span(3, 4, "c")], [span(0, 6, "b")], [span(0, 1, "b"), span(1, 2, "a"), span(2, 3, "b"), span(3, 4, "c"), span(4, 6, "b")]],
    ["a match across two found", [span(3, 7, "a")], [span(0, 4, "b"), span(6, 9, "c")], [span(0, 3, "b"), span(3, 7, "a"), span(7, 9, "c")]],
  ])("%s", (_name, spans, found, expected) => {
    expect(mergeDisjoint(spans, found)).toEqual(expected);
  });
});

describe("a value found after the scan that runs into a match", () => {
  it.each([
    ["a cookie before a token's key", `Cookie: sid=${COOKIE}&token=${TOKEN}`],
    ["curl -u's password before a token's key", `curl -u admin:${COOKIE}&token=${TOKEN} https://example.com`],
  ])("%s: neither is left", (_name, text) => {
    const masked = masker.mask(text);
    expect(masked).not.toContain(COOKIE.slice(0, 12));
    expect(masked).not.toContain(TOKEN.slice(0, 12));
    expect(masker.mask(masked)).toBe(masked);
  });
});

describe("a quoted `curl -u` password that does not close", () => {
  it.each([
    ["at the end of a JSON string", `{"msg":"curl -u a:'x","next":"token=${TOKEN} '"}`, '{"msg":"curl -u a:\'x","next":"token=[secret:token] \'"}'],
    ["before a double quote", `echo "curl -u a:'x"; deploy --token ghp_0123456789abcdefghijABCDEFGHIJ012345; echo 'done'`, `echo "curl -u a:'x"; deploy --token [secret:github-token]; echo 'done'`],
    ["before a line break", `curl -u "a:x\ntoken=${TOKEN} "`, `curl -u "a:x\ntoken=[secret:token] "`],
  ])("%s is read no further", (_name, text, expected) => {
    expect(masker.mask(text)).toBe(expected);
  });
});
