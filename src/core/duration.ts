import { quotedValue } from "./code-span.js";

/**
 * Durations as people type them in the request form and in policies:
 * `30m`, `2h`, `1d`, `1h30m`, `1d12h`, and ISO-8601 `PT2H`, `P1DT2H`, `PT1H30M`.
 */
export type DurationResult = { ok: true; ms: number } | { ok: false; message: string };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const COMPACT = /^(?:(\d{1,4})d)?(?:(\d{1,5})h)?(?:(\d{1,6})m)?$/;
const ISO = /^P(?:(\d{1,4})D)?(?:T(?:(\d{1,5})H)?(?:(\d{1,6})M)?)?$/;

export const DURATION_HELP = "use minutes, hours or days such as 30m, 2h, 1d or 1h30m, or ISO-8601 such as PT2H";

/**
 * Parses a duration.
 *
 * @example
 * parseDuration("1h30m"); // { ok: true, ms: 5400000 }
 * parseDuration("PT2H");  // { ok: true, ms: 7200000 }
 * parseDuration("soon");  // { ok: false, message: "…" }
 */
export function parseDuration(text: string): DurationResult {
  const input = text.trim();
  const iso = input.toUpperCase().startsWith("P");
  const match = iso ? ISO.exec(input.toUpperCase()) : COMPACT.exec(input.toLowerCase());
  if (input === "" || !match || (iso && input.toUpperCase().endsWith("T"))) {
    return { ok: false, message: `${quotedValue(input)} is not a duration: ${DURATION_HELP}` };
  }
  const [, d = "0", h = "0", m = "0"] = match;
  const ms = Number(d) * DAY + Number(h) * HOUR + Number(m) * MINUTE;
  if (ms <= 0) return { ok: false, message: `${quotedValue(input)} is not a positive duration: ${DURATION_HELP}` };
  return { ok: true, ms };
}

/**
 * Formats milliseconds the way people write durations.
 *
 * @example
 * formatDuration(5_400_000); // "1h30m"
 */
export function formatDuration(ms: number): string {
  if (ms <= 0) return "0m";
  const d = Math.floor(ms / DAY);
  const h = Math.floor((ms % DAY) / HOUR);
  const m = Math.ceil((ms % HOUR) / MINUTE);
  return `${d ? `${d}d` : ""}${h ? `${h}h` : ""}${m ? `${m}m` : ""}` || "0m";
}
