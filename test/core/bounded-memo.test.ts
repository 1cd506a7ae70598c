import { describe, expect, it } from "vitest";
import { BoundedMemo } from "../../src/core/bounded-memo.js";

describe("BoundedMemo", () => {
  it("computes each input once while it is remembered, and forgets the oldest beyond its limit", () => {
    const computed: string[] = [];
    const memo = new BoundedMemo(2, (input) => {
      computed.push(input);
      return { input };
    });
    memo.get("a");
    memo.get("a");
    memo.get("b");
    memo.get("c");
    memo.get("b");
    memo.get("a");
    expect(computed).toEqual(["a", "b", "c", "a"]);
  });

  it("hands out frozen answers, nested values included", () => {
    const answer = new BoundedMemo(1, () => ({ fields: { team: "ops" } })).get("x");
    expect(Object.isFrozen(answer) && Object.isFrozen(answer.fields)).toBe(true);
  });
});
