import { describe, expect, it } from "vitest";
import { duplicateKeys } from "./json-keys.js";

describe("duplicateKeys", () => {
  it("finds a key written twice in one object, at any depth", () => {
    expect(duplicateKeys('{"level":30,"name":"probot","name":"jit-access","msg":"x"}')).toEqual(["name"]);
    expect(duplicateKeys('{"a":[{"b":1,"b":2}],"c":{"d":{"e":1,"e":"\\"e\\""}}}')).toEqual(["b", "e"]);
  });

  it("does not confuse values, escaped quotes or equal keys in different objects with duplicates", () => {
    expect(duplicateKeys('{"a":"a","b":{"a":1},"c":[{"a":2},{"a":3}],"d":"x\\",\\"a\\":"}')).toEqual([]);
  });
});
