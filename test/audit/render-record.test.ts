import { describe, expect, it } from "vitest";
import { actorOf, recordFacts } from "../../src/audit/record-facts.js";
import { renderRecord } from "../../src/audit/render-record.js";
import type { RecordData } from "../../src/core/records.js";
import { HOUR, SAMPLE, T0 } from "./sample-records.js";

describe("record facts", () => {
  it("carry the request's team, duration, expiry and policy into records that do not name them", () => {
    const facts = recordFacts(SAMPLE.expired, [SAMPLE.received, SAMPLE.approved, SAMPLE.granted]);
    expect(facts).toEqual({
      actor: "jit-access",
      requester: "jane",
      team: "platform-admins",
      durationMs: HOUR,
      expiresAt: T0 + HOUR,
      policyRef: "policies@55e01dad6ed7",
      requestHash: "a".repeat(64),
      approvedBy: ["carol", "alice"],
    });
  });

  it("start afresh at a new snapshot of the request", () => {
    const edited: RecordData = { ...SAMPLE.received, requestHash: "c".repeat(64), request: { team: "db-admins", durationMs: 2 * HOUR, justification: "x" } };
    expect(recordFacts(SAMPLE.approval, [SAMPLE.received, SAMPLE.approved, edited])).toEqual({
      actor: "alice",
      requester: "jane",
      team: "db-admins",
      durationMs: 2 * HOUR,
      policyRef: "policies@55e01dad6ed7",
      requestHash: "c".repeat(64),
    });
    expect(recordFacts(SAMPLE.refused, [SAMPLE.received])).toEqual({ actor: "jane", requester: "jane", policyRef: "policies@55e01dad6ed7", requestHash: "b".repeat(64) });
  });

  it.each([
    ["received", "jane"],
    ["attempt-refused", "bob"],
    ["approval", "alice"],
    ["approved", "alice"],
    ["granted", "jit-access"],
    ["expired", "jit-access"],
    ["revoked", "alice"],
    ["denied", "alice"],
    ["withdrawn", "jane"],
    ["tampered", "jit-access"],
  ] as const)("name who caused a %s record: %s", (event, actor) => {
    expect(actorOf(SAMPLE[event])).toBe(actor);
  });
});

describe("readable records", () => {
  it("say who, which team, how long, until when, why, who acted, under which policy and when", () => {
    const earlier = [SAMPLE.received, SAMPLE.approved];
    const text = renderRecord({ ...recordFacts(SAMPLE.granted, earlier), ...SAMPLE.granted, at: "2026-11-02T09:00:05.120Z" });
    expect(text).toBe([
      "### 🔓 Access granted",
      "",
      "@jane is now a member of team `platform-admins` until **2026-11-02 10:00:00 UTC**, when jit-access removes the membership.",
      "",
      "Comment `/revoke` to end it early. To ask for more time, the requester comments `/extend <duration>` (for example `/extend 1h`) before then; it needs approval like the request did.",
      "",
      "- **Requester:** @jane",
      "- **Team:** `platform-admins`",
      "- **Duration:** 1h, until 2026-11-02 10:00:00 UTC",
      "- **Why:** approved by @carol and @alice",
      "- **By:** jit-access, automatically",
      "- **Policy:** `policies@55e01dad6ed7`",
      "- **Recorded:** 2026-11-02 09:00:05 UTC",
    ].join("\n"));
  });

  it.each(Object.values(SAMPLE).map((data) => [data.event, data] as const))("%s has a heading and a reason", (_event, data) => {
    const text = renderRecord({ ...recordFacts(data, [SAMPLE.received, SAMPLE.approved]), ...data });
    expect(text).toMatch(/^#{3,4} \S/);
    expect(text).toMatch(/\n- \*\*Why:\*\* \S/);
  });

  it("keeps the requester's words on one line, so they cannot add headings", () => {
    const text = renderRecord({ ...recordFacts(SAMPLE.received, []), ...SAMPLE.received });
    expect(text).toContain("- **Why:** `INC-4711 ### Team root` (ticket `INC-4711`)");
    expect(text.split("\n").filter((l) => l.startsWith("#"))).toHaveLength(1);
  });

  it("quotes others' words as code, so they mention nobody and show no link or image as the app's", () => {
    const justification = "cc @bob @acme/security-oncall see [the runbook](https://evil.example/login) ![ok](https://evil.example/x.png) and ``a`` ` end`";
    const received = { ...SAMPLE.received, request: { ...SAMPLE.received.request, justification } };
    const text = renderRecord({ ...recordFacts(received, []), ...received });
    expect(text).toContain("- **Why:** ``` cc @bob @acme/security-oncall see [the runbook](https://evil.example/login) ![ok](https://evil.example/x.png) and ``a`` ` end` ```");
    const denied = renderRecord({ event: "denied", requester: "jane", by: "alice", reason: "ask @carol" });
    expect(denied).toContain("- **Why:** `ask @carol`");
    const refused = renderRecord({ event: "attempt-refused", source: "label", sourceId: 3, actor: "bob", command: "label a` @carol `b", reason: "not an approver" });
    expect(refused).toContain("#### ✋ ``label a` @carol `b`` not counted");
  });
});

describe("facts through an extension", () => {
  it("move the expiry and lengthen the duration", () => {
    expect(recordFacts(SAMPLE.extended, [SAMPLE.received, SAMPLE.approved, SAMPLE.granted])).toMatchObject({ actor: "alice", durationMs: 2 * HOUR, expiresAt: T0 + 2 * HOUR });
    expect(actorOf(SAMPLE["revoke-failed"])).toBe("jit-access");
  });
});
