import { describe, expect, it } from "vitest";
import type { Effect } from "../../src/core/decide.js";
import { ProcessMemory, repositoryKey, requestKey } from "../../src/reconcile/process-memory.js";

const ref = { installationId: 7, owner: "acme", repo: "access", number: 12 };

describe("the process's memory", () => {
  it("keys a request by installation and issue, a repository by installation and name", () => {
    expect(requestKey(ref)).toBe("7:acme/access#12");
    expect(requestKey({ ...ref, installationId: 8 })).not.toBe(requestKey(ref));
    expect(repositoryKey(7, "acme/access")).toBe("7:acme/access");
  });

  it("forgets the least recently used request beyond its bound, in every request memory", () => {
    const memory = new ProcessMemory({ maxRequests: 2 });
    for (const number of [1, 2]) {
      const key = requestKey({ ...ref, number });
      memory.reads.set(key, "print");
      memory.recordCounts.set(key, { count: number, at: 0 });
      memory.lastWritten.set(key, { commentId: number, at: 0 });
      memory.listed.set(key, "listed");
    }
    memory.reads.get(requestKey({ ...ref, number: 1 }));
    memory.reads.set(requestKey({ ...ref, number: 3 }), "print");
    expect([...memory.reads.keys()].sort()).toEqual([requestKey({ ...ref, number: 1 }), requestKey({ ...ref, number: 3 })].sort());
    memory.recordCounts.set(requestKey({ ...ref, number: 3 }), { count: 3, at: 0 });
    expect(memory.recordCounts.size).toBe(2);
  });

  it("keeps a queued label change until its write ends, each change on its own", () => {
    const memory = new ProcessMemory();
    const key = requestKey(ref);
    const granted: Effect = { kind: "add-label", label: "jit:granted" };
    const pending: Effect = { kind: "remove-label", label: "jit:pending" };
    const doneGranted = memory.queueLabelChange(key, granted);
    const donePending = memory.queueLabelChange(key, pending);
    expect(memory.labelsInFlight.get(key)).toEqual([granted, pending]);
    doneGranted();
    expect(memory.labelsInFlight.get(key)).toEqual([pending]);
    donePending();
    expect(memory.labelsInFlight.has(key)).toBe(false);
  });
});
