import { backslashesEndingAt } from "./chars.js";
import { isPlaceholder } from "./rules/entropy.js";
import { asciiSet, runEnd } from "./runs.js";
import type { FollowedRule } from "./anchor-layout.js";

/*
 * PEM private-key blocks, after gitleaks' private-key rule:
 * `-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY( BLOCK)?-----…KEY( BLOCK)?-----`.
 * The body may span real line breaks or JSON `\n` escapes (a key inside a
 * log line), and may carry `Proc-Type:`/`DEK-Info:` headers. A block cut off
 * before its END line is masked up to where the key material stops. A block
 * whose body is a stand-in (`...`, `<your key here>`, `XXXX…`), with its END
 * line within a few hundred characters, is documentation and stays whole.
 */

const BASE64 = asciiSet("A-Za-z0-9+/=");
// How far past the key material the END line of a stand-in body is looked for: a bounded look keeps the scan linear.
const STAND_IN_WINDOW = 300;
// Real keys are hundreds of base64 characters; fewer than 16 is a stand-in (`...`, `<your key here>`).
const MIN_MATERIAL = 16;

// What a key's body may hold besides base64: white space, JSON escapes, encrypted-key headers.
const KEY_BODY = asciiSet(" \t\r\n\\:,-");
// A real key's body has hundreds of base64 characters; a short one with other characters in it is prose.
const SHORT_BODY = 64;

/**
 * True when `[from, to)` is a stand-in: fewer than 16 base64 characters, a
 * short body holding other characters (`<your key here>`), or a placeholder.
 */
function standIn(units: Uint16Array, from: number, to: number): boolean {
  let material = 0;
  let foreign = false;
  for (let i = from; i < to; i++) {
    const c = units[i]!;
    if (c < 128 && BASE64[c] === 1) material++;
    else if (c >= 128 || KEY_BODY[c] === 0) foreign = true;
  }
  return material < MIN_MATERIAL || (foreign && material < SHORT_BODY) || isPlaceholder(units, from, to);
}

const LABEL = asciiSet(" A-Z0-9_-");
// Base64, whitespace, JSON escapes (`\n`, `\r`) and encrypted-key headers.
const BODY = asciiSet("A-Za-z0-9+/= \t\r\n\\:,-");
const MAX_LABEL = 110;
const KEY_LABEL = /KEY(?: BLOCK)?$/;

/** Reads `label-----` from `from`; returns the index after the dashes when the label is a key's, or -1. */
function closeLabel(text: string, from: number, ceiling: number): number {
  const limit = Math.min(ceiling - 5, from + MAX_LABEL);
  for (let i = from; i <= limit; i++) {
    const c = text.charCodeAt(i);
    // A dash first: most label characters are not, and cost no call.
    if (c === 45 && text.startsWith("-----", i)) return KEY_LABEL.test(text.slice(from, i)) ? i + 5 : -1;
    if (c >= 128 || LABEL[c] === 0) return -1;
  }
  return -1;
}

export const privateKeyRule: FollowedRule = {
  needle: "-----BEGIN",
  anchor: 5,
  // The label (or the dashes closing it) starts right after BEGIN.
  followedBy: LABEL,
  match(text, at, _floor, ceiling, units) {
    const headerEnd = closeLabel(text, at + 10, ceiling);
    if (headerEnd < 0 || !text.slice(at + 10, headerEnd - 5).includes("PRIVATE")) return null;
    const bodyEnd = runEnd(units, headerEnd, BODY, ceiling);
    const footer = text.slice(headerEnd, bodyEnd).indexOf("-----END");
    const window = footer >= 0 ? -1 : text.slice(bodyEnd, Math.min(ceiling, bodyEnd + STAND_IN_WINDOW)).indexOf("-----END");
    const bodyStop = footer >= 0 ? headerEnd + footer : window >= 0 ? bodyEnd + window : -1;
    if (bodyStop >= 0 && standIn(units, headerEnd, bodyStop)) return null;
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
