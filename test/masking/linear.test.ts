import { describe, expect, it } from "vitest";
import { createMasker, type Masker } from "../../src/masking/index.js";

/*
 * Linear time, proved by counting work rather than timing it: every string
 * primitive the masker calls is counted with the number of characters it
 * touches (a search counts the stretch it scanned, a slice its length, a
 * regular expression its whole input, the copy of the code units the scan
 * reads its length). Doubling the input must not much more
 * than double the count, and the count per character must stay small, for
 * inputs built to make a backtracking matcher explode.
 */

type Method = (...args: never[]) => unknown;

function countWork(run: () => void): number {
  let work = 0;
  const string = String.prototype as unknown as Record<string, Method>;
  const regexp = RegExp.prototype as unknown as Record<string, Method>;
  const buffer = Buffer.prototype as unknown as Record<string, Method>;
  const saved = new Map<Record<string, Method>, Record<string, Method>>([
    [string, {}],
    [regexp, {}],
    [buffer, {}],
  ]);
  const wrap = <T>(target: Record<string, Method>, name: string, cost: (self: T, args: unknown[], result: unknown, before: number) => number) => {
    const original = target[name]!;
    saved.get(target)![name] = original;
    target[name] = function (this: T, ...args: unknown[]) {
      const before = this instanceof RegExp ? this.lastIndex : 0;
      const result = (original as (...a: unknown[]) => unknown).apply(this, args);
      work += cost(this, args, result, before);
      return result;
    } as Method;
  };
  const searched = (self: string, args: unknown[], result: unknown): number => {
    const from = typeof args[1] === "number" ? args[1] : 0;
    return (result as number) < 0 ? self.length - from : (result as number) - from + String(args[0]).length;
  };
  wrap(string, "charCodeAt", () => 1);
  wrap(string, "codePointAt", () => 1);
  wrap(string, "indexOf", searched);
  wrap(string, "lastIndexOf", (self: string) => self.length);
  wrap(string, "includes", (self: string) => self.length);
  wrap(string, "startsWith", (_self: string, args) => String(args[0]).length);
  wrap(string, "slice", (self: string, args) => {
    const from = (args[0] as number | undefined) ?? 0;
    const to = (args[1] as number | undefined) ?? self.length;
    return Math.max(1, (to < 0 ? self.length + to : to) - (from < 0 ? self.length + from : from));
  });
  wrap(string, "toLowerCase", (self: string) => self.length);
  wrap(buffer, "write", (_self: Buffer, args) => String(args[0]).length);
  // A global expression resumes at lastIndex: it scans from there to the match's end, or to the end.
  const regexWork = (self: RegExp, args: unknown[], result: unknown, before: number) => {
    const input = String(args[0]);
    if (!self.global && !self.sticky) return input.length;
    return (result === null || result === false ? input.length : self.lastIndex) - before;
  };
  wrap(regexp, "test", regexWork);
  wrap(regexp, "exec", regexWork);
  try {
    run();
  } finally {
    for (const [target, methods] of saved) Object.assign(target, methods);
  }
  return work;
}

const plain = createMasker();
const everything = createMasker({
  emails: "hash",
  hashKey: "k",
  secrets: ["a@a@a@a@a@", '""""""""'],
  patterns: ["(?i)emp-[0-9]{6}", "[ab]*a[ab]{12}", "(\\.[a-z]+)+@", "x[^y]*y"],
});

const ADVERSARIAL: Record<string, (n: number) => string> = {
  "a@a@a@": (n) => "a@".repeat(n / 2),
  "quotes then @": (n) => ('"'.repeat(99) + "@x.io").repeat(n / 104),
  'quotes, escaped quotes and @': (n) => '\\"a"@'.repeat(n / 6),
  dots: (n) => ".".repeat(n),
  "dots around @": (n) => (".".repeat(50) + "@" + ".".repeat(49)).repeat(n / 100),
  "labels then @": (n) => ("a.".repeat(100) + "@").repeat(n / 201),
  "hyphens": (n) => "-".repeat(n),
  "hyphen labels": (n) => ("a-".repeat(60) + "@b-.c-").repeat(n / 126),
  "backslashes": (n) => "\\".repeat(n),
  "backslashes and @": (n) => ("\\".repeat(40) + "u0040a@b.co ").repeat(n / 52),
  "percent forms": (n) => "a%40".repeat(n / 4),
  "escaped @": (n) => "a\\u0040".repeat(n / 7),
  "local part run": (n) => "a".repeat(n) + "@example.com",
  "domain run": (n) => "x@" + "a".repeat(n) + " ",
  "versions": (n) => "p@1.2.3.".repeat(n / 8),
  "brackets": (n) => "a@[1".repeat(n / 4),
  "comments": (n) => "a@(".repeat(n / 3),
  "token prefixes": (n) => "ghp_github_pat_eyJ.xoxb-xapp-AKIA-----BEGIN Bearer Authorization:://".repeat(n / 66),
  "long token": (n) => "ghp_" + "a".repeat(n),
  "PEM without end": (n) => ("-----BEGIN RSA PRIVATE KEY-----" + "A".repeat(20)).repeat(n / 51),
  "JWT-like parts": (n) => ("eyJ" + "a".repeat(20) + ".").repeat(n / 24),
  "URL userinfo": (n) => "://a:b".repeat(n / 6),
  "bearer words": (n) => "Bearer Bearer ".repeat(n / 14),
  "pattern near misses": (n) => "emp-12345 abababababab x".repeat(n / 25),
  "placeholders": (n) => "[masked][email][secret:x]".repeat(n / 25),
  "keywords and operators": (n) => "token=key: _secret:=PASSWORD?=".repeat(n / 31),
  "keyword with a long word value": (n) => "api_key=" + "ab".repeat(n / 2),
  "keywords in a value": (n) => "token=x1".repeat(n / 8),
  "YAML blocks": (n) => "token: |\n  ".repeat(n / 12),
  "vendor prefixes": (n) => "npm_sk-ant-AIzaSG.hvs.glpat-xoxo-1-".repeat(n / 35),
  "PEM stand-ins": (n) => "-----BEGIN PRIVATE KEY-----\n...\n".repeat(n / 33),
  "curl flags": (n) => "curl -u a:Xy7_pw9 ".repeat(n / 18),
  "curl words": (n) => "curl".repeat(n / 4),
  "capitals in one token run": (n) => "glpat-" + "A".repeat(n),
  "token runs after common prefixes": (n) => ("hvs." + "Ab".repeat(20) + " ").repeat(n / 45),
};

const SIZE = 20_000;

describe("the work counter", () => {
  it("sees quadratic work for what it is", () => {
    const quadratic = (text: string) => {
      for (let i = 0; i < text.length; i++) text.indexOf("@", i);
    };
    const small = "a".repeat(2_000);
    const large = "a".repeat(4_000);
    expect(countWork(() => quadratic(large)) / countWork(() => quadratic(small))).toBeGreaterThan(3.5);
  });
});

describe("linear time", () => {
  it.each(Object.keys(ADVERSARIAL))("%s", (name) => {
    const make = ADVERSARIAL[name]!;
    for (const masker of [plain, everything] as Masker[]) {
      const small = make(SIZE);
      const large = make(SIZE * 2);
      const workSmall = countWork(() => masker.mask(small));
      const workLarge = countWork(() => masker.mask(large));
      expect(workLarge / workSmall).toBeLessThan(2.3);
      expect(workLarge / large.length).toBeLessThan(64);
    }
  });
});
