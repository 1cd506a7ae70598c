import { describe, expect, it } from "vitest";
import { BENCH_EPOCH, fastClock, realInstant } from "jit-access-bench/clocks.js";
import { startSplitWorld } from "jit-access-bench/split-world.js";
import { mainThreadCpuMs } from "jit-access-bench/thread-cpu.js";

describe("the throughput bench's emulator on a thread of its own", () => {
  it("serves the real app over HTTP: requests are answered, the stream's webhooks delivered, the app's calls counted", async () => {
    const world = await startSplitWorld({ start: BENCH_EPOCH, speed: 3600, requesters: 3, repos: 2 });
    try {
      const requests = await world.emulator.openRequests("30d");
      expect(requests.map((r) => r.repo)).toEqual(["acme/access-01", "acme/access-02", "acme/access-01"]);
      await world.settle();
      // Each request got the app's answer: its records were read and written through the other thread's emulator.
      const opened = await world.emulator.tally();
      expect(opened.limited).toBeGreaterThan(0);
      expect(world.logs.some((line) => line.includes('"msg":"webhook"'))).toBe(true);
      await world.forgetLogs();
      expect(await world.emulator.tally()).toEqual({ delivered: 0, limited: 0, routes: [] });
      const { kinds, queued } = await world.emulator.queueStream(requests, 20);
      expect(queued).toBe(20);
      expect(Object.values(kinds).reduce((a, b) => a + b, 0)).toBe(20);
      await world.settle();
      const streamed = await world.emulator.tally();
      expect(streamed.delivered).toBeGreaterThanOrEqual(queued);
      expect(streamed.routes.map((r) => r.route)).toContain("PUT /orgs/{org}/teams/{team_slug}/memberships/{username}");
    } finally {
      await world.stop();
    }
  }, 60_000);

  it("reads one clock in both threads: a clock given an earlier real start is that much later, scaled", () => {
    const clock = fastClock(BENCH_EPOCH, 3600, realInstant() - 1000);
    expect(clock.now()).toBeGreaterThanOrEqual(BENCH_EPOCH + 3_600_000);
    expect(fastClock(BENCH_EPOCH, 3600).now()).toBeLessThan(BENCH_EPOCH + 3_600_000);
  });

  it("reads the main thread's CPU time from /proc where Linux has it", () => {
    const before = mainThreadCpuMs();
    if (process.platform !== "linux") return expect(before).toBeUndefined();
    expect(Number.isFinite(before)).toBe(true);
    let x = 0;
    for (let i = 0; i < 1e6; i++) x += Math.sqrt(i);
    expect(x).toBeGreaterThan(0);
    expect(mainThreadCpuMs()!).toBeGreaterThanOrEqual(before!);
  });
});
