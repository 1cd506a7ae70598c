import { describe, expect, it } from "vitest";
import { createProcessMemory, memoryKey } from "../../src/reconcile/process-memory.js";

describe("the process memory", () => {
  it("keys requests and repositories of an installation with one function", () => {
    expect(memoryKey(1, "acme/access#7")).toBe("1:acme/access#7");
    expect(memoryKey(2, "acme/access")).toBe("2:acme/access");
  });

  it("is bounded: past its bound the request least recently used is forgotten first", () => {
    const memory = createProcessMemory("access-request", { requests: 2, repositories: 1 });
    memory.recordCounts.set(memoryKey(1, "acme/access#1"), { count: 3, at: 0 });
    memory.recordCounts.set(memoryKey(1, "acme/access#2"), { count: 1, at: 0 });
    memory.recordCounts.get(memoryKey(1, "acme/access#1"));
    memory.recordCounts.set(memoryKey(1, "acme/access#3"), { count: 2, at: 0 });
    expect([...memory.recordCounts.keys()].sort()).toEqual(["1:acme/access#1", "1:acme/access#3"]);
    memory.settledRepos.set(memoryKey(1, "acme/access"), true);
    memory.settledRepos.set(memoryKey(1, "acme/other"), true);
    expect(memory.settledRepos.has(memoryKey(1, "acme/access"))).toBe(false);
  });

  it("knows the configured request label from the start", () => {
    expect([...createProcessMemory("needs-access").requestLabels]).toEqual(["needs-access"]);
  });
});
