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
    ["a logged request's headers", `{"headers":{"cookie":"_gh_sess=${SESSION}; logged_in=yes"}}`, '{"headers":{"cookie":"_gh_sess=[secret:cookie]; logged_in=yes"}}'],
    ["curl's -H", `curl -H "Cookie: sid=${SESSION}" https://x.example`, 'curl -H "Cookie: sid=[secret:cookie]" https://x.example'],
    ["curl's --cookie", `curl --cookie "sid=${SESSION}; theme=dark" https://x.example`, 'curl --cookie "sid=[secret:cookie]; theme=dark" https://x.example'],
    ["upper case", `COOKIE: sid=${SESSION}`, "COOKIE: sid=[secret:cookie]"],
  ])("%s", (_name, input, output) => {
    const once = masker.mask(input);
    expect(once).toBe(output);
    expect(masker.mask(once)).toBe(once);
  });

  it("masks a value between masked ones that another rule would have masked, since the span copies what lies between", () => {
    expect(masker.mask(`Cookie: sid=${SESSION}; email=jane@example.com; t=Ab3dEf9hIj2kLm5nOp8qRs`)).toBe("Cookie: sid=[secret:cookie]; email=[secret:cookie]; t=[secret:cookie]");
    expect(masker.mask("Cookie: lang=en; email=jane%40example.com")).toBe("Cookie: lang=en; email=[secret:cookie]");
  });

  it.each([
    "Cookie: lang=en; theme=dark",
    "Set-Cookie: id=a3fWa; Expires=Thu, 21 Oct 2021 07:28:00 GMT; Secure; HttpOnly",
    "the cookie: yum",
    "a fortune cookie=sweet",
    "Cookie: sid=${SESSION_COOKIE}",
  ])("leaves %j alone", (input) => {
    expect(masker.mask(input)).toBe(input);
  });
});
