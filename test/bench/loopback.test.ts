import { describe, expect, it } from "vitest";
import { loopbackCost } from "jit-access-bench/loopback.js";

describe("the loopback round trip the throughput bench reports", () => {
  it("times round trips between two threads and gives a cost per round trip", async () => {
    const cost = await loopbackCost(50, 256);
    expect(cost.wallUs).toBeGreaterThan(0);
    expect(cost.cpuUs).toBeGreaterThan(0);
    // Both threads' CPU is counted, and fifty round trips cannot take a second each.
    expect(cost.wallUs).toBeLessThan(1_000_000);
  });
});
