import { backslashesEndingAt } from "./chars.js";
import { asciiSet, runEnd } from "./runs.js";
import type { Rule } from "./scan.js";

/*
 * PEM private-key blocks, after gitleaks' private-key rule:
 * `-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY( BLOCK)?-----…KEY( BLOCK)?-----`.
 * The body may span real line breaks or JSON `\n` escapes (a key inside a
 * log line), and may carry `Proc-Type:`/`DEK-Info:` headers. A block cut off
 * before its END line is masked up to where the key material stops.
 */

const LABEL = asciiSet(" A-Z0-9_-");
// Base64, whitespace, JSON escapes (`\n`, `\r`) and encrypted-key headers.
const BODY = asciiSet("A-Za-z0-9+/= \t\r\n\\:,-");
const MAX_LABEL = 110;
const KEY_LABEL = /KEY(?: BLOCK)?$/;

/** Reads `label-----` from `from`; returns the index after the dashes when the label is a key's, or -1. */
function closeLabel(text: string, from: number, ceiling: number): number {
  const limit = Math.min(ceiling - 5, from + MAX_LABEL);
  for (let i = from; i <= limit; i++) {
    if (text.startsWith("-----", i)) return KEY_LABEL.test(text.slice(from, i)) ? i + 5 : -1;
    const c = text.charCodeAt(i);
    if (c >= 128 || LABEL[c] === 0) return -1;
  }
  return -1;
}

export const privateKeyRule: Rule = {
  needle: "-----BEGIN",
  anchor: 5,
  match(text, at, _floor, ceiling, units) {
    const headerEnd = closeLabel(text, at + 10, ceiling);
    if (headerEnd < 0 || !text.slice(at + 10, headerEnd - 5).includes("PRIVATE")) return null;
    const bodyEnd = runEnd(units, headerEnd, BODY, ceiling);
    const footer = text.slice(headerEnd, bodyEnd).indexOf("-----END");
    if (footer >= 0) {
      const end = closeLabel(text, headerEnd + footer + 8, ceiling);
      if (end > 0) return { start: at, end, replacement: "[secret:private-key]" };
    }
    // Cut short: stop before a trailing backslash whose escape lies outside.
    let end = footer >= 0 ? headerEnd + footer : bodyEnd;
    if (end > headerEnd && backslashesEndingAt(text, end - 1, headerEnd) % 2 === 1) end--;
    return { start: at, end, replacement: "[secret:private-key]" };
  },
};
