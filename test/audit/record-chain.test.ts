import { describe, expect, it } from "vitest";
import { decisionOf, newRecordId, openRecord, sealRecord, type SignedRecord } from "../../src/audit/record-codec.js";
import { renderRecord } from "../../src/audit/render-record.js";
import { verifyChain, type ChainComment } from "../../src/audit/verify-chain.js";

const KEY = "k".repeat(32);
const ISSUE = "acme/access#1";

function chain(count: number): ChainComment[] {
  const out: ChainComment[] = [];
  let prev: string | null = null;
  for (let i = 0; i < count; i++) {
    const record: SignedRecord = { v: 1, issue: ISSUE, at: "2026-11-02T09:00:00.000Z", prev, event: "withdrawn", requester: "jane", by: `user${i}` };
    const sealed = sealRecord(renderRecord(record), record, KEY);
    prev = sealed.hash;
    out.push({ seq: i * 2, id: 1000 + i, body: sealed.body, at: 0, byApp: true });
  }
  return out;
}

describe("sealed records", () => {
  it("round-trip, including text that could end an HTML comment", () => {
    const record: SignedRecord = { v: 1, issue: ISSUE, at: "2026-11-02T09:00:00.000Z", prev: null, event: "denied", requester: "jane", by: "alice", reason: "no --> <b>&" };
    const { body } = sealRecord("### Denied", record, KEY);
    expect(body).not.toContain("no -->");
    const opened = openRecord(body, KEY);
    expect(opened.ok && opened.record).toEqual(record);
  });

  it("survives GitHub handing the body back with \\r\\n", () => {
    const record: SignedRecord = { v: 1, issue: ISSUE, at: "2026-11-02T09:00:00.000Z", prev: null, event: "withdrawn", requester: "jane", by: "jane" };
    const { body } = sealRecord("line one\nline two", record, KEY);
    expect(openRecord(body.replace(/\n/g, "\r\n"), KEY).ok).toBe(true);
  });

  it.each([
    ["the readable text", (b: string) => b.replace("@user0", "@mallory")],
    ["the record", (b: string) => b.replace('"by":"user0"', '"by":"mallory"')],
    ["the signature", (b: string) => b.replace(/"sig":"(.)/, (_m, c: string) => `"sig":"${c === "0" ? "1" : "0"}`)],
  ])("fail verification when %s is edited", (_what, edit) => {
    const [first] = chain(1);
    expect(openRecord(edit(first!.body), KEY)).toMatchObject({ ok: false });
  });

  it.each([
    ["a line after the hidden record", (b: string) => `${b}\n\n**Extended until 2099-01-01 by @alice**`],
    ["a line after the hidden record, on the same line", (b: string) => `${b} Extended until 2099`],
    ["text between the readable part and the record", (b: string) => b.replace("\n\n<!-- jit-access:record", "\n\nExtended until 2099\n\n<!-- jit-access:record")],
    ["blank lines between the readable part and the record", (b: string) => b.replace("\n\n<!-- jit-access:record", "\n\n\n\n<!-- jit-access:record")],
    ["leading text", (b: string) => `Extended until 2099\n\n${b}`],
    ["a second record marker after the record", (b: string) => `${b}\n<!-- jit-access:record {} -->`],
    ["a second copy of the hidden record", (b: string) => `${b}\n\n${b.slice(b.indexOf("<!-- jit-access:record"))}`],
    ["the record JSON re-spaced", (b: string) => b.replace('"by":"user0"', '"by": "user0"')],
    ["a key repeated with its own value", (b: string) => b.replace('"by":"user0"', '"by":"user0","by":"user0"')],
    ["an extra key", (b: string) => b.replace('"by":"user0"', '"by":"user0","expiresAt":4070908800000')],
  ])("fail verification with %s", (_what, edit) => {
    const [first] = chain(1);
    expect(openRecord(first!.body, KEY).ok).toBe(true);
    expect(openRecord(edit(first!.body), KEY)).toMatchObject({ ok: false });
  });

  it("survives trailing blanks GitHub may add", () => {
    const [first] = chain(1);
    expect(openRecord(`${first!.body}\n  \r\n`, KEY).ok).toBe(true);
  });

  it("carry their id under the signature, outside the decision", () => {
    const record: SignedRecord = { v: 1, issue: ISSUE, at: "2026-11-02T09:00:00.000Z", prev: null, id: newRecordId(), event: "withdrawn", requester: "jane", by: "jane" };
    const { body } = sealRecord("Withdrawn", record, KEY);
    const opened = openRecord(body, KEY);
    expect(opened.ok && opened.record.id).toMatch(/^rec_[0-9a-f-]{36}$/);
    expect(opened.ok && decisionOf(opened.record)).toEqual({ event: "withdrawn", requester: "jane", by: "jane" });
    expect(openRecord(body.replace(record.id!, newRecordId()), KEY).ok).toBe(false);
  });

  it("fail verification under another key", () => {
    const [first] = chain(1);
    expect(openRecord(first!.body, "x".repeat(32)).ok).toBe(false);
  });
});

describe("verifyChain", () => {
  it("trusts an intact chain", () => {
    const result = verifyChain(chain(3), ISSUE, KEY);
    expect(result.findings).toEqual([]);
    expect(result.records.map((r) => r.data)).toEqual([0, 1, 2].map((i) => ({ event: "withdrawn", requester: "jane", by: `user${i}` })));
  });

  it("finds a deleted record", () => {
    const comments = chain(3);
    comments.splice(1, 1);
    expect(verifyChain(comments, ISSUE, KEY).findings).toEqual([{ kind: "missing", commentId: 1002, detail: expect.stringContaining("is missing") }]);
  });

  it("finds an edited app comment and does not trust it", () => {
    const comments = chain(2);
    comments[1] = { ...comments[1]!, body: comments[1]!.body.replace("@user1", "@mallory") };
    const result = verifyChain(comments, ISSUE, KEY);
    expect(result.records).toHaveLength(1);
    expect(result.findings).toEqual([{ kind: "edited", commentId: 1001, detail: expect.stringContaining("changed after the app wrote it") }]);
  });

  it("finds a record copied into someone else's comment", () => {
    const [first] = chain(1);
    const result = verifyChain([{ ...first!, byApp: false }], ISSUE, KEY);
    expect(result.records).toEqual([]);
    expect(result.findings).toEqual([{ kind: "forged", commentId: 1000, detail: expect.stringContaining("not written by jit-access") }]);
  });

  it("finds a record moved from another request", () => {
    const result = verifyChain(chain(1), "acme/access#2", KEY);
    expect(result.findings[0]?.kind).toBe("forged");
  });
});
