import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { oneName } from "../../src/masking/logger.js";
import { ownNames } from "./own-names.js";

/*
 * oneName passes a line on untouched unless two `name` keys belong to the
 * line's own object; it skips names that open a nested object without
 * reading the line's structure. Compared here with the plain way: read the
 * whole line character by character, count the `name` keys at depth 1, and
 * parse and write the line again when there are two.
 */

function plainOneName(line: string): string {
  if (ownNames(line) < 2) return line;
  try {
    return `${JSON.stringify(JSON.parse(line))}${line.endsWith("\n") ? "\n" : ""}`;
  } catch {
    return line;
  }
}

const blank = fc.constantFrom("", "", " ", "\n ");
const scalar = fc.oneof(fc.constantFrom('"a"', '"{"', '"\\"name\\":"', '"x\\\\"', "1", "null", '"[{"'), fc.string({ maxLength: 6 }).map((s) => JSON.stringify(s)));
const key = fc.constantFrom('"name"', '"name"', '"a"', '"labels"', '"x\\"name"');
const value = fc.letrec<{ value: string; object: string; array: string }>((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalar, tie("object"), tie("array")),
  object: fc.array(fc.tuple(blank, key, tie("value")), { maxLength: 4 }).map((members) => `{${members.map(([b, k, v]) => `${b}${k}:${v}`).join(",")}}`),
  array: fc.array(tie("value"), { maxLength: 3 }).map((items) => `[${items.join(",")}]`),
})).value;
const line = fc.tuple(blank, value, fc.boolean(), fc.nat()).map(([b, v, newline, cut]) => {
  const text = `${b}${v}${newline ? "\n" : ""}`;
  // Now and then a line that is not JSON: cut short.
  return cut % 7 === 0 ? text.slice(0, cut % (text.length + 1)) : text;
});

describe("oneName", () => {
  it("does what reading the whole line's structure does, on arbitrary JSON and lines cut short", () => {
    let rewritten = 0;
    fc.assert(
      fc.property(line, (input) => {
        const want = plainOneName(input);
        if (want !== input) rewritten++;
        expect(oneName(input)).toBe(want);
      }),
      { numRuns: 3000 },
    );
    // The comparison means something only if some lines had two names of their own.
    expect(rewritten).toBeGreaterThan(30);
  });

  it("passes on a line whose other names open nested objects, and rewrites one with two of its own", () => {
    const nested = '{"level":30,"name":"a","labels":[{"name":"b"}],"author":{ "name":"c","x":1}}\n';
    expect(oneName(nested)).toBe(nested);
    expect(oneName('{"name":"a","x":{"y":1},"name":"b"}\n')).toBe('{"name":"b","x":{"y":1}}\n');
  });
});
