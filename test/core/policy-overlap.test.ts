import { describe, expect, it } from "vitest";
import { grantOverlaps } from "../../src/core/policy-overlap.js";
import type { TeamPolicy } from "../../src/core/policy.js";

const team = (slug: string, changes: Partial<TeamPolicy> = {}): TeamPolicy => ({ ...({ team: slug, approvers: { users: ["alice"], teams: [] } } as unknown as TeamPolicy), ...changes });
const KEEP = ": keep the teams the app grants out of those lists, or accept that a grant confers this too";

describe("grantOverlaps", () => {
  it("finds nothing where no granted team is named as approvers, requesters or break-glass requesters", () => {
    expect(grantOverlaps([team("ops"), team("db", { approvers: { users: [], teams: ["leads"] } })], () => [])).toEqual([]);
  });

  it("names a granted team that approves its own requests, requests another team, or may break the glass for one", () => {
    const ops = team("ops", { approvers: { users: [], teams: ["ops"] } });
    const db = team("db", { requesters: { users: [], teams: ["ops"] }, breakGlass: { requesters: { users: [], teams: ["ops"] } } as unknown as NonNullable<TeamPolicy["breakGlass"]> });
    expect(grantOverlaps([ops, db], () => [])).toEqual([
      `a grant of \`ops\` makes its holder an approver of \`ops\`${KEEP}`,
      `a grant of \`ops\` makes its holder a requester of \`db\`${KEEP}`,
      `a grant of \`ops\` makes its holder a break-glass requester of \`db\`${KEEP}`,
    ]);
  });

  it("goes through the teams a granted team is nested under", () => {
    const admins = team("platform-admins");
    const db = team("db", { approvers: { users: [], teams: ["engineering"] } });
    const ancestors = (slug: string) => (slug === "platform-admins" ? ["platform", "engineering"] : []);
    expect(grantOverlaps([admins, db], ancestors)).toEqual([`a grant of \`platform-admins\` makes its holder an approver of \`db\` (it names \`engineering\`, which \`platform-admins\` is nested under)${KEEP}`]);
  });
});
