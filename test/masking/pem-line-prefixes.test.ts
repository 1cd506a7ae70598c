import { describe, expect, it } from "vitest";
import { createMasker } from "../../src/masking/index.js";

const masker = createMasker();
const BODY = [
  "MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu",
  "KUpRKfFLfRYC9AIKjbJTWit+CqvjWYzvQwECAwEAAQJAIJLixBy2qpFoS4DSmoEm",
  "o3qGy0t6z09AIJtH+5OeRV1be+N4cDYJKffGzDa88vQENZiRm0GRq6a+HPGQMd2k",
];
/** A key whose every line carries `prefix(line number)`. */
const key = (prefix: (line: number) => string, body: readonly string[] = BODY) =>
  ["-----BEGIN RSA PRIVATE KEY-----", ...body, "-----END RSA PRIVATE KEY-----"].map((line, i) => prefix(i) + line).join("\n");

describe("a private key whose every line carries a prefix", () => {
  it.each([
    ["a markdown block quote", key(() => "> "), "> "],
    ["a quote in a quote", key(() => "> > "), "> > "],
    ["a comment", key(() => "# "), "# "],
    ["docker compose's output", key(() => "web-1  | "), "web-1  | "],
    ["a log's timestamps", key((i) => `2026-04-01T10:00:0${i}.12${i}Z `), "2026-04-01T10:00:00.120Z "],
    ["line numbers", key((i) => ` ${i + 8}| `), " 8| "],
    ["a block quote in a JSON string", JSON.stringify({ msg: key(() => "> ") }), '{"msg":"> '],
  ])("is masked whole in %s", (_name, text, start) => {
    const masked = masker.mask(text);
    for (const line of BODY) expect(masked).not.toContain(line.slice(0, 16));
    expect(masked.startsWith(`${start}[secret:private-key]`)).toBe(true);
  });

  it("stays whole where its body is a stand-in", () => {
    const text = key(() => "> ", ["<your key here>"]);
    expect(masker.mask(text)).toBe(text);
  });

  it("reads on past timestamps whose shape differs by their fractions of a second", () => {
    const text = key((i) => (i === 2 ? "2026-04-01T10:00:01.5Z " : `2026-04-01T10:00:0${i}Z `));
    expect(masker.mask(text)).toBe("2026-04-01T10:00:00Z [secret:private-key]");
  });

  it("ends a key cut short at the first prefixed line of prose after it", () => {
    const text = ["web-1  | -----BEGIN PRIVATE KEY-----", `web-1  | ${BODY[0]}`, "web-1  | Server listening on port 3000", "web-1  | user jane.doe@example.com logged in"].join("\n");
    expect(masker.mask(text)).toBe("web-1  | [secret:private-key]\nweb-1  | Server listening on port 3000\nweb-1  | user j***@example.com logged in");
  });
});
