import { describe, expect, it } from "vitest";
import { openRecord, sealRecord, type SignedRecord } from "../../src/audit/record-codec.js";
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
