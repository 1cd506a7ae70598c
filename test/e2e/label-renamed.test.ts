import { describe, expect, it } from "vitest";
import { appComments, events, members, openRequest, passThenSweep, POLICY, REPO, worldPerTest } from "./world.js";

/*
 * Over HTTP against the emulator: GraphQL's `LabeledEvent.label` is the label
 * as it is now, so renaming a label renames it in every timeline event that
 * added it. Anyone with write access may rename labels. A label an approver
 * added for another reason (`needs-info`), renamed into the approval label,
 * must not read as that approver having added the approval label.
 */
const fresh = worldPerTest();
const WITH_LABEL = POLICY.replace("    approvals: 1\n", "    approvals: 1\n    approval_label: access-approved\n");

describe("a label renamed after it was added", () => {
  it("a label an approver added, renamed into the approval label, approves nothing", async () => {
    const { sandbox: s, clock } = await fresh();
    s.github.putFile(REPO, "policies/platform.yml", WITH_LABEL);
    await s.settle();
    const n = openRequest(s);
    await s.settle();
    s.github.as("alice").addLabels(REPO, n, ["needs-info"]);
    await s.settle();
    expect(members(s)).toEqual([]);
    // A minute later mallory, with write access, renames the label alice added.
    clock.advance(60_000);
    s.github.renameLabel(REPO, "needs-info", "access-approved");
    // The next look at the request: the sweep a minute later.
    await passThenSweep(s, clock, 60_000);
    expect(members(s)).toEqual([]);
    expect(appComments(s, n).at(-1)).toContain("renamed or edited after @alice added it");
    expect(s.github.issue(REPO, n).labels).not.toContain("access-approved");
    // alice adding the approval label herself still approves.
    s.github.as("alice").addLabels(REPO, n, ["access-approved"]);
    await s.settle();
    expect(members(s)).toEqual(["jane"]);
  });

  it("the app's access:pending renamed access:granted does not end a pending request as tampered", async () => {
    const { sandbox: s, clock } = await fresh();
    const n = openRequest(s);
    await s.settle();
    expect(s.github.issue(REPO, n).labels).toContain("access:pending");
    clock.advance(60_000);
    s.github.renameLabel(REPO, "access:pending", "access:granted");
    await passThenSweep(s, clock, 60_000);
    expect(events(s, n)).not.toContain("tampered");
    expect(appComments(s, n).join("\n")).not.toContain("were deleted");
  });
});
