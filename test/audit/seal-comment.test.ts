import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { boundRecord, cutText } from "../../src/audit/bound-record.js";
import { openRecord, type SignedRecord } from "../../src/audit/record-codec.js";
import { oneLine } from "../../src/audit/render-facts.js";
import { COMMENT_LIMIT, sealComment } from "../../src/audit/seal-comment.js";
import { createMasker } from "../../src/masking/index.js";
import { SAMPLE } from "./sample-records.js";

const KEY = "k".repeat(32);
const masker = createMasker();
const mask = (text: string) => masker.mask(text);
const envelope = { v: 1, issue: "acme/access#1", at: "2026-11-02T09:00:00.000Z", prev: null, id: "rec_1" } as const;
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const bytes = (text: string) => Buffer.byteLength(text, "utf8");

type Received = Extract<SignedRecord, { event: "received" }>;

function received(justification: string, users = SAMPLE.received.approvers.users): Received {
  return { ...envelope, ...SAMPLE.received, request: { ...SAMPLE.received.request, justification }, approvers: { users, teams: [] } };
}

describe("cutText", () => {
  it("keeps a short text as it is", () => {
    expect(cutText("INC-1", 200)).toBe("INC-1");
  });

  it("cuts a long text to the bound, keeping its start and the length and SHA-256 of the whole", () => {
    const text = "why ".repeat(10_000);
    const cut = cutText(text, 300);
    expect(Array.from(cut)).toHaveLength(300);
    expect(cut.startsWith("why why")).toBe(true);
    expect(cut).toContain(`[cut: 40000 characters in all, SHA-256 ${sha256(text)}]`);
    expect(cutText(cut, 300)).toBe(cut);
  });

  it("never splits a character made of two UTF-16 units", () => {
    const cut = cutText("😀".repeat(5000), 200);
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});

describe("boundRecord", () => {
  it("cuts free text but never the envelope, the hashes or lists of logins", () => {
    const record = received("x".repeat(70_000), Array.from({ length: 80 }, (_, i) => `user${i}`));
    const bounded = boundRecord(record, { chars: 2000, items: 5 }) as Received;
    expect(Array.from(bounded.request.justification)).toHaveLength(2000);
    expect(bounded.request.justification).toContain(sha256("x".repeat(70_000)));
    expect(bounded.approvers.users).toHaveLength(80);
    expect(bounded).toMatchObject({ ...envelope, requestHash: "a".repeat(64), policyRef: SAMPLE.received.policyRef });
  });

  it("cuts a long list of findings, saying how many were left out", () => {
    const findings = Array.from({ length: 300 }, (_, i) => `comment ${i} carries a record but was not written by jit-access`);
    const bounded = boundRecord({ ...envelope, ...SAMPLE.tampered, findings }, { chars: 2000, items: 5 });
    expect(bounded.event === "tampered" && bounded.findings).toEqual([...findings.slice(0, 4), `… 296 more not shown [SHA-256 of all 300: ${sha256(JSON.stringify(findings))}]`]);
  });
});

describe("sealComment", () => {
  it("fits a 64,000-character justification into one comment that verifies", () => {
    const justification = "INC-4711 ".repeat(7112).slice(0, 64_000);
    const sealed = sealComment(received(justification), KEY, mask);
    expect(bytes(sealed.body)).toBeLessThanOrEqual(COMMENT_LIMIT);
    const opened = openRecord(sealed.body, KEY);
    expect(opened.ok).toBe(true);
    const kept = opened.ok && opened.record.event === "received" ? opened.record.request.justification : "";
    expect(kept.startsWith("INC-4711 INC-4711")).toBe(true);
    expect(kept).toContain(`[cut: 64000 characters in all, SHA-256 ${sha256(justification)}]`);
    expect(sealed.body).toContain(oneLine(kept));
  });

  it("leaves a record that fits as it is", () => {
    const record = received("INC-4711");
    const sealed = sealComment(record, KEY, mask);
    expect(sealed.record).toEqual(record);
  });

  it("cuts further when the texts are many and long, or grow when escaped", () => {
    // `<` and `>` take six characters each in the hidden JSON; each finding is long.
    const findings = Array.from({ length: 400 }, (_, i) => `comment ${i}: ${"<>".repeat(1500)}`);
    const sealed = sealComment({ ...envelope, ...SAMPLE.tampered, findings }, KEY, mask);
    expect(bytes(sealed.body)).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(openRecord(sealed.body, KEY).ok).toBe(true);
  });

  it("counts bytes, so text of many-byte characters fits too", () => {
    const sealed = sealComment({ ...envelope, ...SAMPLE.denied, reason: "拒".repeat(60_000) }, KEY, mask);
    expect(bytes(sealed.body)).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(openRecord(sealed.body, KEY).ok).toBe(true);
  });

  it("masks the record as sealed, cut parts included, so the client posts it as it is", () => {
    const sealed = sealComment(received(`${"x".repeat(1950)} jane.doe@example.com ${"y".repeat(5000)}`), KEY, mask);
    expect(sealed.body).not.toContain("jane.doe@");
    expect(mask(sealed.body)).toBe(sealed.body);
  });
});

describe("oneLine", () => {
  it("breaks HTML comments open, so quoted text cannot hide the rest of the comment", () => {
    expect(oneLine("ok <!-- jit-access:record {} -->")).toBe("ok &lt;!-- jit-access:record {} --&gt;");
  });
});
