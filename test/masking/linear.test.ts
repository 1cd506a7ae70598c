import { describe, expect, it } from "vitest";
import { MAX_MATCH } from "../../src/masking/custom-patterns.js";
import { createMasker, type Masker } from "../../src/masking/index.js";
import { countWork, expectLinear } from "./count-work.js";

/*
 * Linear time, proved by counting work rather than timing it (see
 * count-work.ts). Doubling the input must not much more than double the
 * count, and the count per character must stay small, for inputs built to
 * make a backtracking matcher explode.
 */

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
  // One run of token characters to the end, with tokens masked inside it: the run-start rules read it once.
  "tokens inside one run": (n) => `ghp_${"A1b2".repeat(9)}~xoxb_glpat-`.repeat(n / 52),
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
  // A prefix on the BEGIN line is looked for after every line break of the body, and read once each.
  "PEM with quoted lines": (n) => "> -----BEGIN RSA PRIVATE KEY-----\n" + "> A\n".repeat(n / 4),
  "PEM with near-prefixes": (n) => "2026-01-01T00:00:00Z -----BEGIN RSA PRIVATE KEY-----\n" + "2026-01-01T00:00:00!AAAA\n".repeat(n / 25),
  "PEM BEGIN lines with prefixes": (n) => "> > -----BEGIN PRIVATE KEY-----\n> > A".repeat(n / 39),
  "vendor keys before values": (n) => 'SUMO_ACCESS_ID = "suGyI5imvADd" cloudflare: "'.repeat(n / 45),
  "bot ids before :A": (n) => "1234567890:A".repeat(n / 12),
  "curl flags": (n) => "curl -u a:Xy7_pw9 ".repeat(n / 18),
  "curl words": (n) => "curl".repeat(n / 4),
  "Kubernetes Secrets with data blocks": (n) => "kind: Secret\ndata:\n data:\n  a: YWRtaW46cGFzc3dvcmQ=\n".repeat(n / 50),
  "Kubernetes kinds without data": (n) => "kind: Secret data: kind:".repeat(n / 24),
  "Kubernetes documents, a Secret and a ConfigMap each": (n) => "kind: Secret\n---\nkind: ConfigMap\ndata:\n  a: YWRtaW46cGFzc3dvcmQ=\n---\n".repeat(n / 70),
  "Kubernetes Secret and runs of dashes": (n) => "kind: Secret\n" + "\n-----".repeat(n / 6) + "\ndata:\n  a: YWRtaW46cGFzc3dvcmQ=",
  "Kubernetes Secret value of backslashes": (n) => "kind: Secret\ndata:\n  a: " + "\\".repeat(n),
  "Kubernetes Secret value of backslashes, JSON-escaped": (n) => JSON.stringify({ msg: "kind: Secret\ndata:\n  a: " + "\\".repeat(n) }),
  "capitals in one token run": (n) => "glpat-" + "A".repeat(n),
  "token runs after common prefixes": (n) => ("hvs." + "Ab".repeat(20) + " ").repeat(n / 45),
  "one hex run": (n) => "dapi" + "0a".repeat(n / 2),
  "hex runs just long enough": (n) => ("pul-" + "5f2315f15c9b3e4b2af74d93be61eec1" + " ").repeat(n / 37),
  "hex runs just too short": (n) => ("5f2315f15c9b3e4b2af74d93be61e" + "-").repeat(n / 30),
  "hex groups between separators": (n) => "1a2b-".repeat(n / 5),
  "bare secret keys": (n) => 'secret: "Kx9 '.repeat(n / 12),
  "bare secret key before a long value": (n) => "secret=K" + "a".repeat(n),
  "bare credentials keys before hex runs": (n) => ("creds: " + "5f2315f15c9b3e4b2af74d93be61eec1" + " ").repeat(n / 40),
  "bare secret key before one long hex run": (n) => "secret: " + "0a".repeat(n / 2),
  "element bodies that never close": (n) => "<aToken>;Zq8".repeat(n / 12),
  "a slash value of random stretches": (n) => "token=/" + "Ab1/".repeat(n / 4),
  // Stops right after a symbol a token's body may hold: each looks back for Django's or Frame.io's prefix, once per character.
  "stops after body symbols": (n) => "d=Af+B".repeat(n / 6),
  "one body of symbols and stops": (n) => "django-insecure-" + "=A".repeat(n / 2),
  // GitLab's prefixes (at `g` once `gl` is in the text), whose bodies may hold their own characters: one run is tried once.
  "GitLab prefixes in one run": (n) => "glpat-".repeat(n / 6),
  "common-character prefixes": (n) => "glpat-dp.pt.sq0atp-hvs.a.atlasv1. ".repeat(n / 34),
  // Terraform's prefix behind its lead is looked for back from each run that starts after `=`.
  "Terraform leads before symbols": (n) => "abcdefghijklmn.atlasv1.=A_".repeat(n / 26),
  "colour codes before prefixes": (n) => "\x1b[1;2;3;4;5;6;7;8m1m;9mglpat-K_".repeat(n / 32),
  // A cookie header inside the pairs of another is not read again.
  "cookie headers inside cookie values": (n) => "Cookie: a=:cookie:".repeat(n / 18),
  "many cookie pairs": (n) => "Cookie: " + "a=b; ".repeat(n / 5),
  // A header's word inside another rule's match is read after the scan, the text copied once.
  "cookie words inside masked values": (n) => "password=Cookie1234! ".repeat(n / 21),
  "cookie headers inside URL passwords": (n) => "https://u:cookie:a@h.io/ ".repeat(n / 25),
  "cookie headers with a long value each": (n) => ("Cookie: a=" + "Ab1".repeat(30) + " ").repeat(n / 101),
  "type annotations after keys": (n) => "token: string | null token: ".repeat(n / 28),
  "long options without values": (n) => "--password --token ".repeat(n / 19),
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
    for (const masker of [plain, everything] as Masker[]) expectLinear((text) => masker.mask(text), make, SIZE);
  });
});

describe("custom patterns shaped for catastrophic backtracking run in linear time on RE2", () => {
  const HOSTILE: [string, (n: number) => string][] = [
    ["(a+)+x", (n) => "a".repeat(n)],
    ["(a+)+b", (n) => "a".repeat(n) + "c"],
    ["(a|aa)+c", (n) => "a".repeat(n)],
    ["(\\w+\\s?)+!", (n) => "ab ".repeat(n / 3)],
    ["([a-z.]+)*@x", (n) => "a.".repeat(n / 2)],
    ["(x+x+)+y", (n) => "x".repeat(n)],
  ];
  it.each(HOSTILE)("%s", (pattern, make) => {
    const masker = createMasker({ patterns: [pattern] });
    expectLinear((text) => masker.mask(text), make, SIZE);
  });
});

describe("match after match, with a pattern that keeps a search alive to the end of the text", () => {
  // Unbounded, each search for the next short match would run to the end: quadratic.
  it.each([
    ["EMP-[0-9]{6}|SECRET.*END", (n: number) => "SECRET EMP-123456 ".repeat(n / 18)],
    ["a|\\w+( \\w+)*!", (n: number) => "a ".repeat(n / 2)],
  ])("%s reads at most a window per match", (pattern, make) => {
    const masker = createMasker({ patterns: [pattern] });
    expectLinear((text) => masker.mask(text), make, SIZE, 2 * 2 * MAX_MATCH);
  });
});
