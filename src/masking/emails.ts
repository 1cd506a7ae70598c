import { domainEnd } from "./domain.js";
import type { EmailRenderer } from "./email-render.js";
import { localPartStart } from "./local-part.js";
import type { Rule } from "./scan.js";

/**
 * The `@` of an address as it appears in logs and comments: plain, percent
 * encoded in URLs (`jane%40example.com`) and JSON-escaped (`\u0040`).
 */
const AT_FORMS = ["@", "%40", "\\u0040"] as const;

/**
 * Scanning rules for e-mail addresses, one per form of `@`. The domain is
 * checked first (cheap, and it rules out mentions, versions and npm scopes);
 * the local part is then read backwards from the `@`.
 *
 * @example
 * scan("mail jane@example.com", emailRules(emailRenderer("full")));
 */
export function emailRules(render: EmailRenderer): Rule[] {
  return AT_FORMS.map((at) => ({
    needle: at,
    match(text, index, floor, ceiling) {
      const end = domainEnd(text, index + at.length, ceiling);
      if (end < 0) return null;
      const start = localPartStart(text, index, floor);
      if (start < 0) return null;
      return { start, end, replacement: render(text, start, index, at, end) };
    },
  }));
}
