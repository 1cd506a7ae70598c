import { describe, expect, it } from "vitest";
import { createMasker } from "../../src/masking/index.js";

const masker = createMasker();
const SESSION = "Zq8Lk3Mn9Pw2Rt5Vx7YbAbCdEf12";

describe("cookies in HTTP headers", () => {
  it.each([
    ["a request's Cookie header", `Cookie: session=${SESSION}`, "Cookie: session=[secret:cookie]"],
    ["several cookies, plain values kept", `Cookie: _gh_sess=${SESSION}; theme=dark; user_session=Ab3dEf9hIj2kLm5nOp8qRs`, "Cookie: _gh_sess=[secret:cookie]; theme=dark; user_session=[secret:cookie]"],
    ["a response's Set-Cookie, attributes kept", `Set-Cookie: sessionid=${SESSION}; Path=/; HttpOnly`, "Set-Cookie: sessionid=[secret:cookie]; Path=/; HttpOnly"],
    ["a quoted value", `Cookie: session="${SESSION}"; x=1`, 'Cookie: session="[secret:cookie]"; x=1'],
    ["a quoted value in JSON", JSON.stringify({ cookie: `sid="${SESSION}"; x=1` }), JSON.stringify({ cookie: 'sid="[secret:cookie]"; x=1' })],
    ["a logged request's headers", `{"headers":{"cookie":"_gh_sess=${SESSION}; logged_in=yes"}}`, '{"headers":{"cookie":"_gh_sess=[secret:cookie]; logged_in=yes"}}'],
    ["curl's -H", `curl -H "Cookie: sid=${SESSION}" https://x.example`, 'curl -H "Cookie: sid=[secret:cookie]" https://x.example'],
    ["curl's --cookie", `curl --cookie "sid=${SESSION}; theme=dark" https://x.example`, 'curl --cookie "sid=[secret:cookie]; theme=dark" https://x.example'],
    ["upper case", `COOKIE: sid=${SESSION}`, "COOKIE: sid=[secret:cookie]"],
  ])("%s", (_name, input, output) => {
    const once = masker.mask(input);
    expect(once).toBe(output);
    expect(masker.mask(once)).toBe(once);
  });

  it("leaves every other rule to read the header: tokens between, before and as the names of pairs keep their own placeholders", () => {
    const cases: [string, string][] = [
      [`Cookie: sid=${SESSION}; glpat-aB3dE5gH7jK9mN1pQ3sT; csrf=${SESSION}`, "Cookie: sid=[secret:cookie]; [secret:gitlab-token]; csrf=[secret:cookie]"],
      [`Cookie: glpat-aB3dE5gH7jK9mN1pQ3sT; sid=${SESSION}`, "Cookie: [secret:gitlab-token]; sid=[secret:cookie]"],
      [`Cookie: sid=${SESSION}; ghp_aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gI3kM5=1`, "Cookie: sid=[secret:cookie]; [secret:github-token]=1"],
      [`Cookie: hook=https://hooks.slack.com/services/T0123ABCD/B0123ABCD/abcdefABCDEF123456789012; sid=${SESSION}`, "Cookie: hook=[secret:slack-webhook]; sid=[secret:cookie]"],
      [`Cookie: u=https://user:Passw0rdZq8@host.example.com/; sid=${SESSION}`, "Cookie: u=https://user:[secret:password]@host.example.com/; sid=[secret:cookie]"],
      [`Cookie: sid=${SESSION}; k=sk_live_0123456789abcdefghijklmn`, "Cookie: sid=[secret:cookie]; k=[secret:stripe-key]"],
      [`Cookie: sid=${SESSION}; email=jane@example.com; lang=en`, "Cookie: sid=[secret:cookie]; email=j***@example.com; lang=en"],
      [`Cookie: e=jane.doe%40example.com; sid=${SESSION}`, "Cookie: e=j***%40example.com; sid=[secret:cookie]"],
    ];
    for (const [input, output] of cases) {
      const once = masker.mask(input);
      expect(once).toBe(output);
      expect(masker.mask(once)).toBe(once);
    }
  });

  it("decides a value glued to another rule's match the same when the text is masked again", () => {
    for (const input of [
      `Cookie: auth=${SESSION}|ghp_aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gI3kM5`,
      `Cookie: gl=${SESSION}:glpat-aB3dE5gH7jK9mN1pQ3sT`,
      `Cookie: user=${SESSION}|jane.doe@example.com`,
    ]) {
      for (const m of [masker, createMasker({ emails: "hash", hashKey: "k" })]) {
        const once = m.mask(input);
        expect(m.mask(once)).toBe(once);
      }
    }
  });

  it("leaves a value that holds an escaped address to the address scan", () => {
    expect(masker.mask("Cookie: e=x7q9z2k4m8p3\\u0040example.com")).toBe("Cookie: e=x***@example.com");
    expect(createMasker({ emails: "hash", hashKey: "k" }).mask("Cookie: e=x7q9z2k4m8p3\\u0040example.com")).toMatch(/^Cookie: e=\[email:[0-9a-f]{8}\]$/);
  });

  it("ends the pairs at a line break written as an escape: the next line is another header", () => {
    const input = `"Cookie: theme=dark\\r\\nX-Request-Id:trace=${SESSION};span=${SESSION}\\r\\n"`;
    expect(masker.mask(input)).toBe(input);
  });

  it("reads a header whose word another rule's match ran into", () => {
    expect(masker.mask(`password=Zq8Lk3Mn9Pw2Cookie: sid=${SESSION}; a=b`)).toBe("password=[secret:password]: sid=[secret:cookie]; a=b");
    expect(masker.mask(`Authorization: Bearer xyz123456789/Set-Cookie: sid=${SESSION}`)).toBe("Authorization: Bearer [secret:bearer] sid=[secret:cookie]");
  });

  it("leaves a configured secret inside a cookie header to its own rule", () => {
    const configured = createMasker({ secrets: ["correcthorsebatterystaple"] });
    expect(configured.mask(`Cookie: sid=${SESSION}; pw=correcthorsebatterystaple; lang=en`)).toBe("Cookie: sid=[secret:cookie]; pw=[secret]; lang=en");
  });

  it("stops a value at the quote or bracket that closes the code around the header", () => {
    expect(masker.mask(`curl -H 'Cookie: sid=${SESSION}' -H 'Accept: */*' https://x.example`)).toBe("curl -H 'Cookie: sid=[secret:cookie]' -H 'Accept: */*' https://x.example");
    expect(masker.mask(`fetch(u,{headers:{cookie:'sid=${SESSION}'}}).then(r=>r.json())`)).toBe("fetch(u,{headers:{cookie:'sid=[secret:cookie]'}}).then(r=>r.json())");
  });

  it("reads on past a value of other characters and blanks around `;`", () => {
    expect(masker.mask(`Cookie: e=jane(at)example.com; sid=${SESSION} ;  csrf=${SESSION}`)).toBe("Cookie: e=jane(at)example.com; sid=[secret:cookie] ;  csrf=[secret:cookie]");
  });

  it.each([
    "Cookie: lang=en; theme=dark",
    "Set-Cookie: id=a3fWa; Expires=Thu, 21 Oct 2021 07:28:00 GMT; Secure; HttpOnly",
    "the cookie: yum",
    "a fortune cookie=sweet",
    "Cookie: sid=${SESSION_COOKIE}",
    // Set-Cookie's attributes say where and how long, never what.
    "Set-Cookie: sid=abc; Domain=auth-eu1.acme-internal.io; Path=/app2/v1; Max-Age=31536000; SameSite=Strict",
  ])("leaves %j alone", (input) => {
    expect(masker.mask(input)).toBe(input);
  });
});
