import type { Rule } from "./scan.js";

/** Shorter values would erase ordinary words wherever they occur. */
export const MIN_SECRET_LENGTH = 8;

/**
 * Rules that replace the app's own secrets by value (private key, webhook
 * secret, signing key) with `[secret]`, as written and as they appear inside
 * a JSON string (a PEM key's line breaks become `\n` there). Longer values
 * first, so a secret that contains another is replaced whole.
 *
 * @example
 * configuredSecretRules(["whsec-0123456789"]);
 */
export function configuredSecretRules(values: readonly string[]): Rule[] {
  const forms = new Set<string>();
  for (const value of values) {
    if (typeof value !== "string" || value.length < MIN_SECRET_LENGTH) continue;
    forms.add(value);
    forms.add(JSON.stringify(value).slice(1, -1));
    forms.add(encodeURIComponent(value));
  }
  return [...forms]
    .sort((a, b) => b.length - a.length)
    .map((needle) => ({
      needle,
      match: (_text, at, _floor, ceiling) =>
        at + needle.length <= ceiling ? { start: at, end: at + needle.length, replacement: "[secret]" } : null,
    }));
}
