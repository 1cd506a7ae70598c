import { pino, type DestinationStream } from "pino";
import { describe, expect, it } from "vitest";
import { MaskingPatternError } from "../../src/masking/index.js";
import { InstallationMaskers } from "../../src/masking/installation-maskers.js";
import { maskChild, maskLogger } from "../../src/masking/logger.js";

const KEY = "signing-key-0123456789";
const TEXT = `customer CUST-1234, jane.doe@example.com, key ${KEY}`;

const maskers = () => new InstallationMaskers({ secrets: [KEY], hashKey: "pseudonyms" });

describe("InstallationMaskers", () => {
  it("masks an installation's output with its own patterns only; the built-ins apply to all", () => {
    const m = maskers();
    m.adopt(1, "acme/access", { patterns: ["CUST-[0-9]{4}"] });
    expect(m.forInstallation(1).mask(TEXT)).toBe("customer [masked], j***@example.com, key [secret]");
    expect(m.forInstallation(2).mask(TEXT)).toBe("customer CUST-1234, j***@example.com, key [secret]");
    expect(m.base.mask(TEXT)).toBe("customer CUST-1234, j***@example.com, key [secret]");
  });

  it("follows the policy: a pattern removed stops applying, a stricter e-mail mode applies at once", () => {
    const m = maskers();
    const acme = m.forInstallation(1);
    m.adopt(1, "acme/access", { emails: "full", patterns: ["CUST-[0-9]{4}"] });
    expect(acme.mask(TEXT)).toBe("customer [masked], [email], key [secret]");
    m.adopt(1, "acme/access", { patterns: [] });
    expect(acme.mask(TEXT)).toBe("customer CUST-1234, j***@example.com, key [secret]");
    m.adopt(1, "acme/access", { patterns: ["CUST-[0-9]{4}"] });
    m.adopt(1, "acme/access", undefined);
    expect(acme.mask(TEXT)).toBe("customer CUST-1234, j***@example.com, key [secret]");
  });

  it("takes the strictest of an installation's repositories, and drops one repository's settings alone", () => {
    const m = maskers();
    m.adopt(1, "acme/access", { patterns: ["CUST-[0-9]{4}"] });
    m.adopt(1, "acme/other", { emails: "full", patterns: [] });
    expect(m.forInstallation(1).mask(TEXT)).toBe("customer [masked], [email], key [secret]");
    m.adopt(1, "acme/other", undefined);
    expect(m.forInstallation(1).mask(TEXT)).toBe("customer [masked], j***@example.com, key [secret]");
  });

  it("refuses a pattern the policy validation refuses, rather than masking without it", () => {
    expect(() => maskers().adopt(1, "acme/access", { patterns: ["(x)\\1"] })).toThrow(MaskingPatternError);
  });
});

describe("pseudonyms (hash) across installations", () => {
  it("differ between organisations served by one process, and stay the same within one", () => {
    const all = maskers();
    all.adopt(1, "acme/access", { emails: "hash", patterns: [] });
    all.adopt(2, "globex/access", { emails: "hash", patterns: [] });
    const text = "contact jane.doe@example.com";
    const acme = all.forInstallation(1).mask(text);
    const globex = all.forInstallation(2).mask(text);
    expect(acme).toMatch(/\[email:[0-9a-f]{8}\]/);
    expect(globex).toMatch(/\[email:[0-9a-f]{8}\]/);
    expect(acme).not.toBe(globex);
    all.adopt(1, "acme/other", { emails: "hash", patterns: [] });
    expect(all.forInstallation(1).mask(text)).toBe(acme);
  });
});

describe("maskChild", () => {
  it("masks one child's lines with the installation's masker, the rest of the tree with the built-ins", () => {
    const lines: string[] = [];
    const destination: DestinationStream = { write: (line: string) => void lines.push(line) };
    const m = maskers();
    m.adopt(1, "acme/access", { patterns: ["CUST-[0-9]{4}"] });
    const root = pino({ level: "info" }, destination);
    maskLogger(root, m.base);
    const acme = maskChild(root.child({ request: "acme/access#1" }), m.forInstallation(1));
    acme.child({ step: "apply" }).info(TEXT);
    root.child({ request: "globex/access#1" }).info(TEXT);
    root.info(TEXT);
    const messages = lines.map((line) => (JSON.parse(line) as { msg: string }).msg);
    expect(messages).toEqual([
      "customer [masked], j***@example.com, key [secret]",
      "customer CUST-1234, j***@example.com, key [secret]",
      "customer CUST-1234, j***@example.com, key [secret]",
    ]);
  });
});
