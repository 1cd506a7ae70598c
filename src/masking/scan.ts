/** A stretch of the input and what replaces it. */
export interface Span {
  readonly start: number;
  readonly end: number;
  readonly replacement: string;
}

/**
 * A rule is found through a literal trigger (`needle`) located with the
 * engine's `indexOf`, then checked by hand around it. Matching never
 * backtracks: each rule looks at a bounded neighbourhood or at a run it then
 * leaves behind, which keeps the whole scan linear.
 */
export interface Rule {
  readonly needle: string;
  /**
   * Checks the trigger at `at`. A match must lie within `[floor, ceiling)`:
   * `floor` is where the previous replacement ended, `ceiling` where the next
   * protected stretch begins.
   */
  match(text: string, at: number, floor: number, ceiling: number): Span | null;
}

/**
 * Runs the rules over `text`, leftmost trigger first, skipping `protectedSpans`
 * (sorted, non-overlapping), and returns the matches in order.
 *
 * @example
 * scan("a@b", [{ needle: "@", match: (_t, at) => ({ start: at, end: at + 1, replacement: "" }) }]);
 */
export function scan(text: string, rules: readonly Rule[], protectedSpans: readonly Span[] = []): Span[] {
  const walk = new Walk(text, protectedSpans);
  const active: Rule[] = [];
  const next: number[] = [];
  for (const rule of rules) {
    const at = text.indexOf(rule.needle);
    if (at >= 0) {
      active.push(rule);
      next.push(at);
    }
  }
  if (active.length === 1) {
    // The common case, without the bookkeeping of several triggers.
    const rule = active[0]!;
    let at = next[0]!;
    while (at >= 0) at = text.indexOf(rule.needle, walk.step(rule, at));
    return walk.found;
  }
  while (active.length > 0) {
    let best = 0;
    for (let r = 1; r < active.length; r++) if (next[r]! < next[best]!) best = r;
    const resume = walk.step(active[best]!, next[best]!);
    // Move every trigger that now lies behind the scan position forward.
    for (let r = active.length - 1; r >= 0; r--) {
      if (next[r]! >= resume) continue;
      const again = text.indexOf(active[r]!.needle, resume);
      if (again < 0) {
        active.splice(r, 1);
        next.splice(r, 1);
      } else {
        next[r] = again;
      }
    }
  }
  return walk.found;
}

/** The scan's position relative to the protected spans, and what it has found so far. */
class Walk {
  readonly found: Span[] = [];
  private floor = 0;
  private guard = 0;

  constructor(
    private readonly text: string,
    private readonly protectedSpans: readonly Span[],
  ) {}

  /** Tries `rule` at its trigger `at`; returns where scanning resumes. */
  step(rule: Rule, at: number): number {
    const spans = this.protectedSpans;
    while (this.guard < spans.length && spans[this.guard]!.end <= at) {
      this.floor = Math.max(this.floor, spans[this.guard]!.end);
      this.guard++;
    }
    const shield = spans[this.guard];
    if (shield !== undefined && shield.start <= at) return shield.end;
    const match = rule.match(this.text, at, this.floor, shield === undefined ? this.text.length : shield.start);
    if (match === null) return at + 1;
    this.found.push(match);
    this.floor = match.end;
    return Math.max(at + 1, match.end);
  }
}

/**
 * Merges two sorted lists of non-overlapping spans into one sorted list.
 *
 * @example
 * mergeSpans([{ start: 0, end: 1, replacement: "" }], []);
 */
export function mergeSpans(a: readonly Span[], b: readonly Span[]): Span[] {
  if (b.length === 0) return a as Span[];
  if (a.length === 0) return b as Span[];
  const out: Span[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]!.start < b[j]!.start)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}

/**
 * Replaces the spans (sorted, non-overlapping) in `text`.
 *
 * @example
 * applySpans("a secret b", [{ start: 2, end: 8, replacement: "[secret]" }]); // "a [secret] b"
 */
export function applySpans(text: string, spans: readonly Span[]): string {
  if (spans.length === 0) return text;
  let out = "";
  let at = 0;
  for (const span of spans) {
    out += text.slice(at, span.start) + span.replacement;
    at = span.end;
  }
  return out + text.slice(at);
}
