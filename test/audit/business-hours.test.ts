import { describe, expect, it } from "vitest";
import { isWithin, localLabel, parseBusinessHours } from "../../src/audit/business-hours.js";
import { elapsed } from "../../src/audit/render-report.js";

describe("business hours", () => {
  const hours = parseBusinessHours("Mon-Fri 09:00-18:00");

  it.each([
    ["2026-11-02T09:00:00Z", true],
    ["2026-11-02T08:59:59Z", false],
    ["2026-11-02T17:59:59Z", true],
    ["2026-11-02T18:00:00Z", false],
    ["2026-11-07T10:00:00Z", false],
  ])("%s within Mon-Fri 09:00-18:00 UTC: %s", (time, within) => {
    expect(isWithin(Date.parse(time), hours)).toBe(within);
  });

  it("reads day lists and ranges, in a time zone", () => {
    const berlin = parseBusinessHours("Mon,Wed-Thu 08:30-17:00", "Europe/Berlin");
    expect([...berlin.days]).toEqual([1, 3, 4]);
    expect(isWithin(Date.parse("2026-11-04T07:30:00Z"), berlin)).toBe(true);
    expect(localLabel(Date.parse("2026-11-04T07:30:00Z"), "Europe/Berlin")).toBe("Wed 08:30");
  });

  it.each(["Fri-Mon 09:00-18:00", "Mon-Fri 18:00-09:00", "weekdays", "Mon-Fri 9-18"])("refuses %s", (text) => {
    expect(() => parseBusinessHours(text)).toThrow('business hours must look like "Mon-Fri 09:00-18:00"');
  });
});

describe("elapsed", () => {
  it.each([
    [30_000, "30s"],
    [250_000, "4m 10s"],
    [600_000, "10m"],
    [7_500_000, "2h 5m"],
    [90_000_000, "1d 1h"],
    [null, "—"],
  ])("%s ms reads %s", (ms, text) => {
    expect(elapsed(ms)).toBe(text);
  });
});
