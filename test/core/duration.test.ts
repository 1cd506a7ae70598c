import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "../../src/core/duration.js";

describe("parseDuration", () => {
  it.each([
    ["30m", 30 * 60_000],
    ["2h", 2 * 3_600_000],
    ["1d", 86_400_000],
    ["1h30m", 90 * 60_000],
    ["1d12h", 36 * 3_600_000],
    [" 2H ", 2 * 3_600_000],
    ["PT2H", 2 * 3_600_000],
    ["PT1H30M", 90 * 60_000],
    ["P1DT2H", 26 * 3_600_000],
    ["pt45m", 45 * 60_000],
  ])("reads %j", (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, ms });
  });

  it.each(["", "soon", "2", "h", "0m", "PT", "P1DT", "2h30", "30m2h", "-1h", "1.5h", "PT0H", "２h"])("refuses %j with a hint", (text) => {
    const result = parseDuration(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain("30m, 2h, 1d or 1h30m");
  });
});

describe("formatDuration", () => {
  it.each([
    [90 * 60_000, "1h30m"],
    [86_400_000, "1d"],
    [26 * 3_600_000, "1d2h"],
    [45 * 60_000, "45m"],
  ])("writes %d as %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
    const back = parseDuration(text);
    expect(back.ok && back.ms).toBe(ms);
  });
});
