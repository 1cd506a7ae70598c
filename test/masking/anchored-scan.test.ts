import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ADVERSARIAL, labelledCorpus } from "jit-access-bench/masking.js";
import { CLAIMED_SAMPLES, NEGATIVE_SAMPLES, secretSamples } from "jit-access-bench/masking-rule-samples.js";
import { AFTER, AT_START, BEFORE, Layout, listAt, OTHER, type FollowedRule } from "../../src/masking/anchor-layout.js";
import { anchoredScanner } from "../../src/masking/anchored-scan.js";
import { CodeUnits } from "../../src/masking/code-units.js";
import { AT_MARKS, mayBeAddress } from "../../src/masking/emails.js";
import { TOKEN_TABLE } from "../../src/masking/rules/token-table.js";
import { secretRules } from "../../src/masking/secrets.js";
import { referenceScan } from "./reference-scan.js";

/*
 * The scanner's shortcuts (code units read four at a time, rules listed by
 * the anchor's neighbours, fallbacks from a call site of their own,
 * requirements searched late and their anchors then taken out of the table)
 * must change nothing: every pass must find the spans and marks the plain
 * scan of reference-scan.ts finds. A cheap version of the differential run
 * against the previous engine (192,000 inputs) that the change was checked with.
 */

const RULES = secretRules(["hunter2hunter2", "S3cr3t-Valu3!"]);
const scan = anchoredScanner(RULES, AT_MARKS, mayBeAddress);

function same(text: string): void {
  const got = scan(text);
  const want = referenceScan(RULES, AT_MARKS, mayBeAddress, text);
  expect({ spans: got.spans, marks: [...got.marks.subarray(0, got.markCount)] }).toEqual(want);
}

const PREFIXES = TOKEN_TABLE.flatMap((row) => row.prefixes);
const FRAGMENTS = [
  ...PREFIXES, "ghp_", "ghs_12_eyJ", "github_pat_", "AKIA", "A3T", "eyJ", ".", "-", "_", "~", "|", "%", "%40", "@", "\\u0040", "\\",
  "\\\\", "\\n", '"', "'", " ", "\n", ":", "=", ":=", ",", "://", "https://", "token", "Token", "KEY", "_secret", "password", "pwd",
  "_auth", "Authorization: ", "Bearer ", "-----BEGIN RSA PRIVATE KEY-----", "-----END RSA PRIVATE KEY-----", "jane", "example.com",
  "[secret:jwt]", "hunter2hunter2", "123456789012345", "0123456789abcdef", "5f2315f15c9b3e4b2af74d93be61eec1", "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789", "é", "用户",
];
const text = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 30 }).map((parts) => parts.join(""));

describe("anchored scanner", () => {
  it("finds what the plain scan finds on the bench corpus, the rule samples and the adversarial inputs", () => {
    for (const line of labelledCorpus(1 << 17, 3).lines) same(line);
    for (const sample of [...secretSamples(), ...CLAIMED_SAMPLES]) same(sample.text);
    for (const sample of NEGATIVE_SAMPLES) same(sample.text);
    for (const make of Object.values(ADVERSARIAL)) same(make(1 << 12));
  });

  it("finds what the plain scan finds in arbitrary text", () => {
    fc.assert(fc.property(text, (input) => same(input)), { numRuns: 2000 });
  });

  it("tries a later prefix in a run whose first prefix no body can follow, as the plain scan does (fast-check's counterexample)", () => {
    const input = "glcbt-~gltst-A3-sk-ant-ort01-EAAA";
    same(input);
    expect(scan(input).spans).toEqual([{ start: 7, end: input.length, replacement: "[secret:gitlab-token]" }]);
  });

  it("visits a group's one anchor wherever it stands among the four, and goes on after what it matched", () => {
    for (let shift = 0; shift < 8; shift++) {
      same(`${" ".repeat(shift)}token: ${"Zq8!Lk3$Vw".repeat(2)} ok`);
      same(`${"-".repeat(shift)}ghp_aB3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3hJ6 done, ok`);
      same(`${"=".repeat(shift)}look, no stop here but one`);
    }
  });

  it("takes a rule's anchor out of a pass only where the text lacks what the rule requires", () => {
    // Sixteen `@` let the URL rule look for itself; then `://` is searched for, and found late in the text.
    same(`${"a@b ".repeat(40)}postgres://app:S3cr3t-pw@db.internal/x`);
    same(`${"a@b ".repeat(40)}no scheme here, user:pw@host`);
  });
});

describe("neighbour lists", () => {
  const layout = new Layout(RULES, AT_MARKS);
  const copy = new CodeUnits();
  let split = 0;

  /** Every rule at an anchor whose needle stands there (and whose `around` allows its neighbours) must be listed. */
  function listsEveryRuleThatMayMatch(input: string): void {
    const units = copy.of(input);
    for (let i = 0; i < input.length; i++) {
      const entry = units[i]! < 128 ? layout.ascii[units[i]!] : layout.wideEntries.get(units[i]!);
      if (entry === undefined) continue;
      const { lists, rules } = entry;
      const before = i > 0 ? Math.min(units[i - 1]!, OTHER) : AT_START;
      const after = Math.min(units[i + 1]!, OTHER);
      const listed = new Set<number>();
      for (const s of [listAt(lists, BEFORE + before, units, i), listAt(lists, AFTER + after, units, i)]) {
        for (let x = lists[s]!; x < lists[s + 1]!; x++) listed.add(lists[x]!);
      }
      split += lists[2 * (BEFORE + before)]! < 0 || lists[2 * (AFTER + after)]! < 0 ? 1 : 0;
      rules.rules.forEach((rule, k) => {
        const at = i - rules.offsets[k]!;
        if (at < 0 || !input.startsWith(rule.needle, at)) return;
        const around = rule.needle.length === 1 ? rule.around : undefined;
        if (around !== undefined && around.before[before] !== 1 && around.after[after] !== 1) return;
        expect(listed, `${rule.needle} at ${i} in ${JSON.stringify(input)}`).toContain(k);
      });
    }
  }

  it("list every rule whose needle stands at an anchor, where a split list is read at its probe too", () => {
    for (const line of labelledCorpus(1 << 15, 3).lines) listsEveryRuleThatMayMatch(line);
    for (const sample of [...secretSamples(), ...CLAIMED_SAMPLES]) listsEveryRuleThatMayMatch(sample.text);
    fc.assert(fc.property(text, (input) => listsEveryRuleThatMayMatch(input)), { numRuns: 2000 });
    // The prefixes come thick in these inputs: split lists must have been read for the check to mean anything.
    expect(split).toBeGreaterThan(1000);
  });
});

describe("what may follow a needle", () => {
  const followed = (RULES as FollowedRule[]).filter((rule) => rule.followedBy !== undefined);
  const copy = new CodeUnits();
  let refused = 0;

  /** Wherever a needle stands before a code unit its rule says cannot follow it, `match` finds nothing: the scanner may skip the call. */
  function refusesWhatCannotFollow(input: string): void {
    const units = copy.of(input);
    for (const rule of followed) {
      for (let at = input.indexOf(rule.needle); at >= 0; at = input.indexOf(rule.needle, at + 1)) {
        if (rule.followedBy![units[at + rule.needle.length]!] === 1) continue;
        refused++;
        expect(rule.match(input, at, 0, input.length, units), `${rule.needle} at ${at} in ${JSON.stringify(input)}`).toBeNull();
      }
    }
  }

  it("is all a rule's match can find after it", () => {
    for (const line of labelledCorpus(1 << 15, 3).lines) refusesWhatCannotFollow(line);
    for (const sample of [...secretSamples(), ...CLAIMED_SAMPLES, ...NEGATIVE_SAMPLES]) refusesWhatCannotFollow(sample.text);
    // Needles followed by anything at all, the end of the text included.
    const next = fc.constantFrom(...FRAGMENTS, "", "é", "-", ".", "!", "0", "A", "a", "_", " ", "\t", ":", "=", "/");
    fc.assert(fc.property(text, next, (input, after) => refusesWhatCannotFollow(input + after)), { numRuns: 3000 });
    for (const rule of followed) for (const after of ["", " ", "-", ".", "é", "\n", "!", "x"]) refusesWhatCannotFollow(`a ${rule.needle}${after}`);
    // Needles must have stood before what cannot follow them for the check to mean anything.
    expect(refused).toBeGreaterThan(1000);
  });
});
