import { describe, expect, it } from "vitest";
import { driftIssueTitle, findDrift, judgeMembershipChange, type TeamAllowance, type TeamObservation } from "../../src/core/drift.js";

const nobody: TeamAllowance = { standing: [], standingTeams: [], granted: [], recorded: { people: [], childTeams: [] } };
const report = { mode: "report", revertChildTeams: false } as const;
const revert = { mode: "revert", revertChildTeams: false } as const;
const team = (members: string[], childTeams: TeamObservation["childTeams"] = []): TeamObservation => ({ team: "ops", members: members.map((login) => ({ login })), childTeams });
const logins = (findings: ReturnType<typeof findDrift>) => findings.map((f) => (f.kind === "member" ? `${f.person.login}:${f.action}` : `team ${f.childTeam}:${f.action}`));

describe("findDrift", () => {
  it("reports a member who is neither standing nor granted", () => {
    expect(logins(findDrift(team(["mallory"]), nobody, report))).toEqual(["mallory:report"]);
  });

  it("reverts such a member under drift: revert", () => {
    expect(logins(findDrift(team(["mallory"]), nobody, revert))).toEqual(["mallory:revert"]);
  });

  it("never flags a standing member, whatever the case of the login", () => {
    expect(findDrift(team(["SVC-Deploy"]), { ...nobody, standing: [{ login: "svc-deploy" }] }, revert)).toEqual([]);
  });

  it("never flags a member backed by a live grant (approved or granted: the PUT comes after the approval record)", () => {
    expect(findDrift(team(["jane"]), { ...nobody, granted: [{ login: "jane" }] }, revert)).toEqual([]);
  });

  it("matches people by numeric id when both ids are known: a freed login claimed by someone else is drift", () => {
    const allowed = { ...nobody, standing: [{ login: "jane", id: 1 }] };
    expect(findDrift({ team: "ops", members: [{ login: "jane", id: 2 }], childTeams: [] }, allowed, report)).toHaveLength(1);
    expect(findDrift({ team: "ops", members: [{ login: "jane-renamed", id: 1 }], childTeams: [] }, allowed, report)).toEqual([]);
  });

  it("records each person once", () => {
    expect(findDrift(team(["mallory"]), { ...nobody, recorded: { people: [{ login: "Mallory" }], childTeams: [] } }, report)).toEqual([]);
  });

  it("reports a nested child team once, and not each of its members", () => {
    const seen = team(["mallory", "eve"], [{ slug: "contractors", members: [{ login: "mallory" }, { login: "eve" }] }]);
    expect(logins(findDrift(seen, nobody, revert))).toEqual(["team contractors:report"]);
  });

  it("detaches a child team only under revert with revert_child_teams", () => {
    const seen = team([], [{ slug: "contractors", members: [] }]);
    expect(logins(findDrift(seen, nobody, { mode: "revert", revertChildTeams: true }))).toEqual(["team contractors:revert"]);
    expect(logins(findDrift(seen, nobody, { mode: "report", revertChildTeams: true }))).toEqual(["team contractors:report"]);
  });

  it("allows a child team listed under standing.teams, with its members", () => {
    const seen = team(["maintainer"], [{ slug: "ops-maintainers", members: [{ login: "maintainer" }] }]);
    expect(findDrift(seen, { ...nobody, standing: [{ login: "maintainer" }], standingTeams: ["ops-maintainers"] }, revert)).toEqual([]);
  });

  it("says why in every finding", () => {
    const [finding] = findDrift(team(["mallory"]), nobody, report);
    expect(finding?.reason).toBe("@mallory is a member of `ops` but is not a standing member and has no live grant");
  });
});

describe("judgeMembershipChange", () => {
  const change = { action: "added", team: "ops", person: { login: "mallory" }, actor: "owner", byApp: false } as const;

  it("checks an addition by someone other than the app", () => {
    expect(judgeMembershipChange(change, { managed: true, granted: [] })).toEqual({ kind: "check", person: { login: "mallory" }, actor: "owner" });
  });

  it("ignores the app's own grants and revocations (no false alarm between the PUT and the grant record)", () => {
    expect(judgeMembershipChange({ ...change, byApp: true }, { managed: true, granted: [] }).kind).toBe("ignore");
    expect(judgeMembershipChange({ ...change, action: "removed", byApp: true }, { managed: true, granted: [{ login: "mallory" }] }).kind).toBe("ignore");
  });

  it("ignores teams no policy names", () => {
    expect(judgeMembershipChange(change, { managed: false, granted: [] }).kind).toBe("ignore");
  });

  it("records a live grant's membership removed by someone else as removed early", () => {
    expect(judgeMembershipChange({ ...change, action: "removed" }, { managed: true, granted: [{ login: "mallory" }] })).toEqual({ kind: "removed-early", person: { login: "mallory" }, actor: "owner" });
  });

  it("ignores the removal of a member without a live grant", () => {
    expect(judgeMembershipChange({ ...change, action: "removed" }, { managed: true, granted: [] }).kind).toBe("ignore");
  });
});

describe("driftIssueTitle", () => {
  it("names the team and the person or child team", () => {
    expect(driftIssueTitle("ops", { kind: "member", login: "mallory" })).toBe("Drift: @mallory in team ops");
    expect(driftIssueTitle("ops", { kind: "child-team", slug: "contractors" })).toBe("Drift: child team contractors under team ops");
  });
});
