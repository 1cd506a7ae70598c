/** Working days and hours in one time zone, for spotting grants made outside them. */
export interface BusinessHours {
  /** ISO weekdays: 1 = Monday … 7 = Sunday. */
  days: ReadonlySet<number>;
  /** Minutes after local midnight: from `start` (inclusive) to `end` (exclusive). */
  start: number;
  end: number;
  /** An IANA time zone such as `Europe/Berlin`. */
  timeZone: string;
  /** As given, for the report's header. */
  text: string;
}

/** The default: Monday to Friday, 09:00 to 18:00, UTC — one clock for every reader until the operator names theirs. */
export const DEFAULT_BUSINESS_HOURS = "Mon-Fri 09:00-18:00";

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/**
 * Parses business hours such as `Mon-Fri 09:00-18:00` or `Mon,Tue,Thu 08:30-17:00`
 * in a time zone; a bad value throws an Error that says what is allowed.
 *
 * @example
 * parseBusinessHours("Mon-Fri 09:00-18:00", "Europe/Berlin").days.has(6); // false
 */
export function parseBusinessHours(text: string, timeZone = "UTC"): BusinessHours {
  const match = /^\s*([A-Za-z,-]+)\s+(\d{2}):(\d{2})-(\d{2}):(\d{2})\s*$/.exec(text);
  const days = match ? parseDays(match[1]!) : undefined;
  const [start, end] = match ? [Number(match[2]) * 60 + Number(match[3]), Number(match[4]) * 60 + Number(match[5])] : [0, 0];
  if (!days || start >= end || end > 24 * 60) {
    throw new Error(`business hours must look like "${DEFAULT_BUSINESS_HOURS}" (days Mon…Sun as a range or a list, then HH:MM-HH:MM with the start before the end; got "${text}")`);
  }
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone });
  } catch {
    throw new Error(`the time zone must be an IANA name such as UTC or Europe/Berlin (got "${timeZone}")`);
  }
  return { days, start, end, timeZone, text: text.trim() };
}

/**
 * Whether a moment falls within business hours, in their time zone.
 *
 * @example
 * isWithin(Date.parse("2026-11-07T10:00:00Z"), hours); // false: a Saturday
 */
export function isWithin(ms: number, hours: BusinessHours): boolean {
  const { weekday, minutes } = localTime(ms, hours.timeZone);
  return hours.days.has(weekday) && minutes >= hours.start && minutes < hours.end;
}

/**
 * A moment as a local weekday and time, for the report.
 *
 * @example
 * localLabel(Date.parse("2026-11-07T10:00:00Z"), "Europe/Berlin"); // "Sat 11:00"
 */
export function localLabel(ms: number, timeZone: string): string {
  const { weekday, minutes } = localTime(ms, timeZone);
  const day = DAYS[weekday - 1]!;
  return `${day[0]!.toUpperCase()}${day.slice(1)} ${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

function localTime(ms: number, timeZone: string): { weekday: number; minutes: number } {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(new Date(ms));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return { weekday: DAYS.indexOf(part("weekday").toLowerCase()) + 1, minutes: Number(part("hour")) * 60 + Number(part("minute")) };
}

function parseDays(text: string): Set<number> | undefined {
  const days = new Set<number>();
  for (const piece of text.toLowerCase().split(",")) {
    const [from, to = from] = piece.split("-");
    const a = DAYS.indexOf(from ?? "");
    const b = DAYS.indexOf(to ?? "");
    if (a < 0 || b < 0 || b < a) return undefined;
    for (let d = a; d <= b; d++) days.add(d + 1);
  }
  return days;
}
