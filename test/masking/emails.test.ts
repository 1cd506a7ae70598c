import { describe, expect, it } from "vitest";
import { createMasker } from "../../src/masking/index.js";

const partial = createMasker();
const full = createMasker({ emails: "full" });
const hashed = createMasker({ emails: "hash", hashKey: "test-signing-key" });

describe("e-mail shapes, partial mode", () => {
  it.each([
    ["plus tag", "mail jane+jit@example.com now", "mail j***@example.com now"],
    // GitHub shows Markdown's `\@` as `@`: the backslash goes with the address.
    ["`@` escaped as Markdown writes it", "contact jane.doe\\@example.com", "contact j***@example.com"],
    ["`\\@` as a JSON string holds it", '{"why":"contact jane.doe\\\\@example.com"}', '{"why":"contact j***@example.com"}'],
    ["`\\@` in JSON serialised twice", JSON.stringify({ payload: JSON.stringify({ why: "contact jane.doe\\@example.com" }) }), JSON.stringify({ payload: JSON.stringify({ why: "contact j***@example.com" }) })],
    ["dots", "mail jane.q.doe@example.com", "mail j***@example.com"],
    ["hyphen", "mail mary-jane@example.com", "mail m***@example.com"],
    ["apostrophe", "mail o'brien@example.ie", "mail o***@example.ie"],
    ["underscore", "mail john_smith@example.com", "mail j***@example.com"],
    ["digits", "mail 2024.ops@example.com", "mail 2***@example.com"],
    ["upper case", "mail Jane.Doe@Example.COM", "mail J***@Example.COM"],
    ["subdomains", "mail ops@mail.eu.corp.example.co.uk", "mail o***@mail.eu.corp.example.co.uk"],
    ["long TLD", "mail jane@example.international", "mail j***@example.international"],
    ["new TLD", "mail jane@example.dev and jo@shop.app", "mail j***@example.dev and j***@shop.app"],
    ["punycode TLD", "mail test@xn--hxajbheg2az3al.xn--jxalpdlp", "mail t***@xn--hxajbheg2az3al.xn--jxalpdlp"],
    ["numeric second-level", "mail me@163.com", "mail m***@163.com"],
    ["dotless TLD", "root is test@io", "root is t***@io"],
    ["RFC 6531 local part", "mail josé@example.com", "mail j***@example.com"],
    ["RFC 6531 CJK", "mail 用户@例子.广告", "mail 用***@例子.广告"],
    ["RFC 6531 Devanagari", "mail मेल@उदाहरण.कॉम", "mail म***@उदाहरण.कॉम"],
    ["RFC 6531 Cyrillic", "mail иван@пример.рф", "mail и***@пример.рф"],
    ["RFC 6531 Greek", "mail θσερ@εχαμπλε.ψομ", "mail θ***@εχαμπλε.ψομ"],
    ["quoted local part", 'mail "john doe"@example.com', "mail j***@example.com"],
    ["quoted with escapes", 'mail "a\\"b"@example.com', "mail a***@example.com"],
    ["empty quoted", 'mail ""@example.com', "mail ***@example.com"],
    ["IPv4 literal", "mail test@[192.0.2.1]", "mail t***@[192.0.2.1]"],
    ["IPv6 literal", "mail test@[IPv6:2001:db8::1]", "mail t***@[IPv6:2001:db8::1]"],
    ["IPv4 literal, leading zeros", "mail test@[010.000.002.001]", "mail t***@[010.000.002.001]"],
    ["general literal", "mail test@[RFC-5322-domain-literal]", "mail t***@[RFC-5322-domain-literal]"],
    ["numbers and dots, no IPv4 address: left", "at test@[255.255.255.256] or ops@[1.2.3] or x@[1.2.3.4.5]", "at test@[255.255.255.256] or ops@[1.2.3] or x@[1.2.3.4.5]"],
    ["numbers and dots at the bounds", "a@[255.255.255.255] b@[0.0.0.0] c@[0192.0.2.1] d@[192.0.2.1.]", "a***@[255.255.255.255] b***@[0.0.0.0] c@[0192.0.2.1] d@[192.0.2.1.]"],
    ["a literal with a digit of another script", "mail test@[192.0.2.\uFF11]", "mail t***@[192.0.2.\uFF11]"],
    ["percent-encoded literal, no IPv4 address: left", "?to=ops%40%5B266.266.266.266%5D&x", "?to=ops%40%5B266.266.266.266%5D&x"],
    ["bare IPv4", "ssh root@10.0.0.1", "ssh r***@10.0.0.1"],
    ["angle brackets", "From: Jane Doe <jane@example.com>", "From: Jane Doe <j***@example.com>"],
    ["mailto", "write to mailto:jane@example.com", "write to mailto:j***@example.com"],
    ["markdown link", "[jane@example.com](mailto:jane@example.com)", "[j***@example.com](mailto:j***@example.com)"],
    ["markdown emphasis", "**jane@example.com** and _bob@example.com_", "**j***@example.com** and _b***@example.com_"],
    ["code span", "`jane@example.com`", "`j***@example.com`"],
    ["single quotes", "'jane@example.com'", "'j***@example.com'"],
    ["key=value", "user=jane@example.com email=bob@example.com", "user=j***@example.com email=b***@example.com"],
    ["query string", "?to=jane%40example.com&x=1", "?to=j***%40example.com&x=1"],
    ["percent-encoded plus", "/invite/jane%2Bdev%40example.com", "/invite/j***%40example.com"],
    ["percent-encoded IDN", "?to=%CE%B8%CF%83%40%CE%B5%CF%87.%CF%88%CE%BF%CE%BC&x", "?to=***%40%CE%B5%CF%87.%CF%88%CE%BF%CE%BC&x"],
    ["percent-encoded literal", "?to=ops%40%5B192.0.2.1%5D&x", "?to=o***%40%5B192.0.2.1%5D&x"],
    ["percent-encoded quoted", "?to=%22john%20doe%22%40example.com", "?to=***%40example.com"],
    ["URL path", "https://example.org/users/jane@example.com/", "https://example.org/users/j***@example.com/"],
    ["comment after @", "test@(comment)example.com", "t***@example.com"],
    ["sentence end", "Ask jane@example.com.", "Ask j***@example.com."],
    ["parentheses", "(jane@example.com)", "(j***@example.com)"],
    ["comma list", "jane@example.com,bob@example.org", "j***@example.com,b***@example.org"],
    ["GitHub noreply", "41898282+github-actions[bot]@users.noreply.github.com", "4***@users.noreply.github.com"],
    ["fediverse handle", "@jane@mastodon.social", "@j***@mastodon.social"],
    ["SSH remote (documented: masked)", "git@github.com:org/repo.git", "g***@github.com:org/repo.git"],
    ["URL user name", "https://jane@example.com/repo", "https://j***@example.com/repo"],
  ])("%s", (_name, input, expected) => {
    expect(partial.mask(input)).toBe(expected);
  });
});

describe("e-mails inside JSON text", () => {
  it.each([
    ["string value", '{"email":"jane@example.com"}', '{"email":"j***@example.com"}'],
    ["after \\n", '{"msg":"line\\njane@example.com"}', '{"msg":"line\\nj***@example.com"}'],
    ["JSON-escaped @", '{"msg":"jane\\u0040example.com"}', '{"msg":"j***@example.com"}'],
    ["JSON-escaped @ before a literal", '{"msg":"ops\\u0040[192.0.2.1] not x\\u0040[266.266.266.266]"}', '{"msg":"o***@[192.0.2.1] not x\\u0040[266.266.266.266]"}'],
    ["JSON-escaped letter in local part", '{"msg":"jos\\u00e9@example.com"}', '{"msg":"j***@example.com"}'],
    // Python's json.dumps writes non-ASCII as escapes: validator.js's `hans@m端ller.com` and kin.
    ["JSON-escaped letter in the domain", '{"msg":"hans@m\\u00fcller.com"}', '{"msg":"h***@m\\u00fcller.com"}'],
    ["a domain of JSON-escaped letters", '{"to":"ops@\\u4f8b\\u5b50.\\u5e7f\\u544a"}', '{"to":"o***@\\u4f8b\\u5b50.\\u5e7f\\u544a"}'],
    ["a domain ending in an escaped letter", '{"to":"ops@caf\\u00e9.fr."}', '{"to":"o***@caf\\u00e9.fr."}'],
    ["after an escaped <", '{"msg":"\\u003cjane@example.com\\u003e"}', '{"msg":"\\u003cj***@example.com\\u003e"}'],
    ["JSON-escaped quoted local part", '{"msg":"\\"john doe\\"@example.com"}', '{"msg":"j***@example.com"}'],
    ["after an escaped backslash", '{"path":"C:\\\\jane@example.com"}', '{"path":"C:\\\\j***@example.com"}'],
    ["after a doubly escaped newline", '{"m":"{\\"b\\":\\"x\\\\njane@example.com\\"}"}', '{"m":"{\\"b\\":\\"x\\\\nj***@example.com\\"}"}'],
  ])("%s", (_name, input, expected) => {
    expect(partial.mask(input)).toBe(expected);
    expect(() => JSON.parse(full.mask(input))).not.toThrow();
    expect(() => JSON.parse(hashed.mask(input))).not.toThrow();
  });

  it("never takes JSON structure for a quoted local part", () => {
    for (const line of ['{"a":"x","b":"@example.com"}', '{"n":1,"@example.com":2}', '["x","@example.com"]', '{"a":{"b":"@example.com"}}']) {
      expect(partial.mask(line)).toBe(line);
    }
  });
});

describe("look-alikes stay as they are", () => {
  it.each([
    "thanks \\@alice, an escaped mention",
    "three backslashes: jane.doe\\\\\\@example.com",
    "five backslashes: jane.doe\\\\\\\\\\@example.com",
    "lodash@4.17.21",
    "npm i @octokit/rest@22.0.1",
    "uses: actions/checkout@v4.1.1",
    "uses: actions/checkout@v4",
    "node@20.x and python@3.12",
    "pkg@latest pkg@next pkg@dev pkg@^1.2.3 pkg@>=2",
    "cc @alice and @org/team",
    "ask @octocat, thanks!",
    "user@localhost",
    "deploy@prod-server",
    "icon@2x.png and logo@3x.webp",
    "image@sha256:0123abcd",
    "docker.io/library/node@sha256:abc",
    "org/repo@main",
    "a @ b, email me @ home",
    "x@y",
    "@example.com",
    "mention@[bot] and user@[docs](https://example.org)",
  ])("%s", (input) => {
    expect(partial.mask(input)).toBe(input);
  });
});

describe("modes", () => {
  it("full replaces the whole address", () => {
    expect(full.mask("mail jane.doe@example.com now")).toBe("mail [email] now");
    expect(full.mask("q=jane%40example.com")).toBe("q=[email]");
  });

  it("hash gives a stable keyed pseudonym, the same for every way of writing one address", () => {
    const pseudonym = hashed.mask("jane@example.com");
    expect(pseudonym).toMatch(/^\[email:[0-9a-f]{8}\]$/);
    for (const form of ["JANE@Example.com", "jane%40example.com", '"jane"@example.com', "jane\\u0040example.com", "JANE%40EXAMPLE.COM", "jane\\@example.com"]) {
      expect(hashed.mask(form)).toBe(pseudonym);
    }
    expect(hashed.mask('{"a":"jane\\\\@example.com"}')).toBe(`{"a":"${pseudonym}"}`);
    expect(createMasker({ emails: "hash", hashKey: "test-signing-key" }).mask("jane@example.com")).toBe(pseudonym);
    expect(createMasker({ emails: "hash", hashKey: "another-key" }).mask("jane@example.com")).not.toBe(pseudonym);
    expect(hashed.mask("john@example.com")).not.toBe(pseudonym);
  });

  it("hash mode refuses to run without a key", () => {
    expect(() => createMasker({ emails: "hash" })).toThrow(/hashKey/);
  });

  it("takes whatever it is given without throwing", () => {
    expect(partial.mask("")).toBe("");
    expect(partial.mask(undefined as unknown as string)).toBe("undefined");
    expect(partial.mask(42 as unknown as string)).toBe("42");
  });

  it("an unknown mode is refused", () => {
    expect(() => createMasker({ emails: "none" as "full" })).toThrow(/partial/);
  });
});

describe("dense text is read as sparse text is", () => {
  // Repeated, each unit is seen by the scan that reads every code unit; alone, by the one that leaps between anchors.
  const units = [
    "\\\\\\\\\\\\\\\\\\u0040a@b.co jane\\u0040example.com ",
    "\\\\\\\\u0040x ann%40example.org a%40a%40 ",
    "a@a@a@ ab@ab@ co@io x@example.com ",
    "ghp_github_pat_ Authorization: Bearer 0123456789abcdef0123 ",
    "://user:pa55word@host.example ",
  ];
  it.each(units)("%s", (unit) => {
    const masker = createMasker();
    const alone = masker.mask(unit);
    expect(masker.mask(unit.repeat(300))).toBe(alone.repeat(300));
  });
});
