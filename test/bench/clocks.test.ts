import { describe, expect, it } from "vitest";
import { steppedClock } from "jit-access-bench/clocks.js";

describe("steppedClock", () => {
  it("names its next due timer, forgets fired and cancelled ones, and fires as it is moved", () => {
    const clock = steppedClock(1_000);
    const fired: string[] = [];
    clock.after(500, () => fired.push("late"));
    const early = clock.after(200, () => fired.push("early"));
    clock.after(300, () => fired.push("middle"));
    expect(clock.next()).toBe(1_200);
    early.cancel();
    expect(clock.next()).toBe(1_300);
    clock.advance(clock.next()! - clock.now());
    expect(fired).toEqual(["middle"]);
    expect(clock.next()).toBe(1_500);
    clock.advance(clock.next()! - clock.now());
    expect(fired).toEqual(["middle", "late"]);
    expect(clock.next()).toBeUndefined();
  });
});
