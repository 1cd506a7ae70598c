import { describe, expect, it } from "vitest";
import { CodeUnits, PADDING } from "../../src/masking/code-units.js";

const expected = (text: string) => [...Array(text.length).keys()].map((i) => text.charCodeAt(i));

describe("CodeUnits", () => {
  it("copies every UTF-16 code unit, surrogate halves and all, then zeros", () => {
    const text = "a@é 😀 \u0000\uffff";
    const units = new CodeUnits().of(text);
    expect([...units.subarray(0, text.length)]).toEqual(expected(text));
    expect([...units.subarray(text.length, text.length + PADDING)]).toEqual(new Array(PADDING).fill(0));
  });

  it("grows for a long text and leaves no trace of a longer one in a shorter one's padding", () => {
    const copy = new CodeUnits();
    const long = "x@".repeat(50_000);
    expect([...copy.of(long).subarray(0, long.length)]).toEqual(expected(long));
    const short = "b@c.io";
    const units = copy.of(short);
    expect([...units.subarray(0, short.length + PADDING)]).toEqual([...expected(short), ...new Array(PADDING).fill(0)]);
  });

  it("zeros the padding after a text of odd length as after an even one", () => {
    const copy = new CodeUnits();
    for (const text of ["b@c.io", "b@c.iox", "x", ""]) {
      copy.of("\uffff".repeat(64));
      const units = copy.of(text);
      expect([...units.subarray(0, text.length + PADDING)]).toEqual([...expected(text), ...new Array(PADDING).fill(0)]);
    }
  });
});
