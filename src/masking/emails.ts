import { domainEnd, percentEncodedDomainEnd } from "./domain.js";
import type { EmailRenderer } from "./email-render.js";
import { localPartStart } from "./local-part.js";
import type { Span } from "./scan.js";

/**
 * The forms an `@` takes: the sign itself, percent-encoded in URLs
 * (`jane%40example.com`) and JSON-escaped (`\u0040`).
 */
export const AT_MARKS: readonly string[] = ["@", "%40", "\\u0040"];

/** The form of `@` that starts at `index`, or null. */
function atForm(text: string, index: number): string | null {
  const c = text.charCodeAt(index);
  if (c === 64) return "@";
  if (c === 37) return text.startsWith("%40", index) ? "%40" : null;
  return text.startsWith("\\u0040", index) ? "\\u0040" : null;
}

/**
 * Finds the e-mail addresses whose `@` may start at the given positions (in
 * order; one of {@link AT_MARKS}), outside `protectedSpans`. For each, the domain
 * is checked first (cheap, and it rules out mentions, versions and npm
 * scopes); the local part is then read backwards from the `@`.
 *
 * @example
 * findEmails("mail jane@example.com", [9], 1, [], emailRenderer("full"));
 */
export function findEmails(
  text: string,
  marks: ArrayLike<number>,
  markCount: number,
  protectedSpans: readonly Span[],
  render: EmailRenderer,
): Span[] {
  const found: Span[] = [];
  let floor = 0;
  let guard = 0;
  for (let m = 0; m < markCount; m++) {
    const index = marks[m]!;
    if (index < floor) continue;
    const at = atForm(text, index);
    if (at === null) continue;
    while (guard < protectedSpans.length && protectedSpans[guard]!.end <= index) {
      floor = Math.max(floor, protectedSpans[guard]!.end);
      guard++;
    }
    const shield = protectedSpans[guard];
    if (shield !== undefined && shield.start <= index) continue;
    const ceiling = shield === undefined ? text.length : shield.start;
    const end = at === "%40" ? percentEncodedDomainEnd(text, index + 3, ceiling) : domainEnd(text, index + at.length, ceiling);
    if (end < 0) continue;
    const start = localPartStart(text, index, floor);
    if (start < 0) continue;
    found.push(render(text, start, index, at, end));
    floor = end;
  }
  return found;
}
