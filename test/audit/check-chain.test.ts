import { describe, expect, it } from "vitest";
import { checkChain, type ChainComment } from "../../src/audit/check-chain.js";
import { verifyChain } from "../../src/audit/verify-chain.js";
import { SAMPLE } from "./sample-records.js";
import { KEY, sealChain } from "./sealed-chain.js";

const STORY = [SAMPLE.received, SAMPLE.approval, SAMPLE.approved, SAMPLE.granted, SAMPLE.expired];
const statuses = (comments: Parameters<typeof checkChain>[0], issue = "acme/access#1") =>
  checkChain(comments, issue, KEY).map((c) => [c.commentId, c.status, c.detail ?? ""] as const);

describe("checkChain", () => {
  it("verifies every record of an intact trail", () => {
    expect(statuses(sealChain(STORY)).map(([, status]) => status)).toEqual(["verified", "verified", "verified", "verified", "verified"]);
  });

  it("names the record after a deleted one", () => {
    const comments = sealChain(STORY);
    comments.splice(2, 1);
    expect(statuses(comments)[2]).toEqual([1003, "missing-before", expect.stringContaining("a record before comment 1003 is missing")]);
  });

  it("names an edited record, and does not also call the next one a gap", () => {
    const comments = sealChain(STORY);
    comments[2] = { ...comments[2]!, body: comments[2]!.body.replace("@jane gets", "@mallory gets") };
    const found = statuses(comments);
    expect(found[2]).toEqual([1002, "edited", expect.stringContaining("changed after the app wrote it")]);
    expect(found[3]).toEqual([1003, "verified", expect.stringContaining("because comment 1002 was edited")]);
  });

  it("names a record pasted into someone else's comment", () => {
    const comments: ChainComment[] = sealChain(STORY);
    comments.splice(3, 0, { seq: 5, id: 2000, body: comments[3]!.body, at: 0, byApp: false });
    expect(statuses(comments)[3]).toEqual([2000, "forged", expect.stringContaining("not written by jit-access")]);
  });

  it("names records whose bodies were swapped as out of order", () => {
    const comments = sealChain(STORY);
    const [b1, b2] = [comments[1]!.body, comments[2]!.body];
    comments[1] = { ...comments[1]!, body: b2 };
    comments[2] = { ...comments[2]!, body: b1 };
    const found = statuses(comments);
    expect(found[1]).toEqual([1001, "out-of-order", expect.stringContaining("the records were reordered")]);
    expect(found[2]).toEqual([1002, "out-of-order", expect.stringContaining("follows the record of comment 1000")]);
    expect(found[3]?.[1]).toBe("out-of-order");
  });

  it("names a record repeated in a later comment, and the request's first record placed later", () => {
    const comments = sealChain(STORY);
    const repeated = checkChain([...comments, { ...comments[4]!, id: 1010, seq: 20 }], "acme/access#1", KEY).at(-1);
    expect(repeated).toMatchObject({ status: "out-of-order", detail: "comment 1010 repeats the record of comment 1004" });
    const first = checkChain([comments[1]!, { ...comments[0]!, id: 1011 }], "acme/access#1", KEY).at(-1);
    expect(first).toMatchObject({ status: "out-of-order", detail: expect.stringContaining("holds the first record of the request") });
  });

  it("names a record moved from another request", () => {
    expect(statuses(sealChain([SAMPLE.received], { issue: "acme/access#2" }))).toEqual([[1000, "other-request", "comment 1000 holds a record of acme/access#2, not of acme/access#1"]]);
  });

  it("cannot see the deletion of the last record from the chain alone", () => {
    const comments = sealChain(STORY).slice(0, -1);
    expect(statuses(comments).every(([, status]) => status === "verified")).toBe(true);
  });
});

describe("checkChain: records written twice", () => {
  it("takes an exact copy of a record with an id for a duplicate: no finding, and the chain goes on", () => {
    const comments = sealChain(STORY, { ids: true });
    // The granted record posted twice: GitHub made the first comment but its answer was lost.
    comments.splice(4, 0, { ...comments[3]!, id: 1100, seq: 7 });
    const found = checkChain(comments, "acme/access#1", KEY);
    expect(found.map((c) => c.status)).toEqual(["verified", "verified", "verified", "verified", "duplicate", "verified"]);
    expect(found[4]?.detail).toBe("comment 1100 is an exact copy of the record of comment 1003 (the same write made twice, when GitHub's answer to the first was lost): not counted again");
    const chain = verifyChain(comments, "acme/access#1", KEY);
    expect(chain.findings).toEqual([]);
    expect(chain.records.map((r) => r.commentId)).toEqual([1000, 1001, 1002, 1003, 1004]);
  });

  it("takes another record under a taken id for tampering", () => {
    const comments = sealChain(STORY, { ids: true });
    const other = sealChain([SAMPLE.received, SAMPLE.approval, SAMPLE.approved, SAMPLE.revoked], { ids: true })[3]!;
    comments.splice(4, 0, { ...other, id: 1100, seq: 7 });
    const found = checkChain(comments, "acme/access#1", KEY);
    expect(found[4]).toMatchObject({ status: "out-of-order", detail: "comment 1100 carries the id of the record of comment 1003 but different content" });
    expect(verifyChain(comments, "acme/access#1", KEY).findings).toEqual([{ kind: "missing", commentId: 1100, detail: expect.stringContaining("carries the id") }]);
  });

  it("still names a repeated record without an id (written before ids) as out of order", () => {
    const comments = sealChain(STORY);
    const repeated = checkChain([...comments, { ...comments[3]!, id: 1100, seq: 20 }], "acme/access#1", KEY).at(-1);
    expect(repeated).toMatchObject({ status: "out-of-order", detail: "comment 1100 repeats the record of comment 1003" });
  });
});
