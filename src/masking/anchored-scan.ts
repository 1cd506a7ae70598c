import { escapeSafe, type Rule, type Span } from "./scan.js";

/**
 * What one pass finds: the rules' matches, and where the marked character
 * stands outside them (`marks[0, markCount)`; the buffer is reused by the
 * next pass).
 */
export interface AnchoredScan {
  readonly spans: Span[];
  readonly marks: Int32Array;
  readonly markCount: number;
}

/**
 * A scanner for many rules in one pass: each character is looked up in a
 * table of anchor characters, and only on a hit are the rules anchored there
 * checked. The cost per character is constant whatever the text holds, so a
 * text dense with near-miss triggers costs about what ordinary text costs.
 * Matches do not overlap; at equal anchors the earlier rule wins. The same
 * pass notes where each of the `marks` starts outside the matches (the `@` of
 * addresses and its encoded forms, told apart by their first two characters),
 * so the next stage need not search for them again.
 *
 * @example
 * const scanSecrets = anchoredScanner(secretRules([]), ["@"]);
 * scanSecrets("token ghp_… by jane@example.com"); // { spans: [token], marks: [at] }
 */
export function anchoredScanner(rules: readonly Rule[], marks: readonly string[]): (text: string) => AnchoredScan {
  const byAnchor = new Map<number, { rules: Rule[]; offsets: number[]; firsts: number[] }>();
  for (const rule of rules) {
    const offset = rule.anchor ?? 0;
    const code = rule.needle.charCodeAt(offset);
    const entry = byAnchor.get(code) ?? { rules: [], offsets: [], firsts: [] };
    byAnchor.set(code, entry);
    entry.rules.push(rule);
    entry.offsets.push(offset);
    entry.firsts.push(rule.needle.charCodeAt(0));
  }
  // Bit 1: a rule's anchor; bit 2: the first character of a mark, whose second
  // character (or -1) is in `follows` and checked before the position is noted.
  const table = new Uint8Array(128);
  const follows = new Int32Array(128).fill(-1);
  for (const code of byAnchor.keys()) if (code < 128) table[code] = 1;
  for (const mark of marks) {
    table[mark.charCodeAt(0)]! |= 2;
    follows[mark.charCodeAt(0)] = mark.length > 1 ? mark.charCodeAt(1) : -1;
  }
  const wide = [...byAnchor.keys()].some((code) => code >= 128);
  let found = new Int32Array(1024);
  return (text) => {
    const spans: Span[] = [];
    let markCount = 0;
    let floor = 0;
    const length = text.length;
    for (let i = 0; i < length; i++) {
      const c = text.charCodeAt(i);
      if (c < 128) {
        const kind = table[c]!;
        if (kind === 0) continue;
        if ((kind & 2) !== 0) {
          const second = follows[c]!;
          if (second < 0 || text.charCodeAt(i + 1) === second) {
            if (markCount === found.length) {
              const grown = new Int32Array(found.length * 2);
              grown.set(found);
              found = grown;
            }
            found[markCount++] = i;
          }
          if (kind === 2) continue;
        }
      } else if (!wide) {
        continue;
      }
      const entry = byAnchor.get(c);
      if (entry === undefined) continue;
      for (let k = 0; k < entry.rules.length; k++) {
        const rule = entry.rules[k]!;
        const at = i - entry.offsets[k]!;
        if (at < floor || text.charCodeAt(at) !== entry.firsts[k] || (rule.needle.length > 1 && !text.startsWith(rule.needle, at))) continue;
        const found = rule.match(text, at, floor, length);
        const match = found === null ? null : escapeSafe(text, floor, found);
        if (match === null) continue;
        spans.push(match);
        floor = match.end;
        i = Math.max(i, match.end - 1);
        break;
      }
    }
    return { spans, marks: found, markCount };
  };
}
