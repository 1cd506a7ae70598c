import { describe, expect, it } from "vitest";
import { sameIds, sameTeam } from "../../src/core/team-ids.js";

const seven = { org: 1, team: 7 };

describe("team ids", () => {
  it("sameIds: both known and naming one team", () => {
    expect(sameIds(seven, { org: 1, team: 7 })).toBe(true);
    expect(sameIds(seven, { org: 1, team: 8 })).toBe(false);
    expect(sameIds(seven, { org: 2, team: 7 })).toBe(false);
    expect(sameIds(seven, undefined)).toBe(false);
    expect(sameIds(undefined, undefined)).toBe(false);
  });

  it("sameTeam: one team unless both know their ids and they differ", () => {
    expect(sameTeam({ teamIds: seven }, { teamIds: { org: 1, team: 7 } })).toBe(true);
    expect(sameTeam({ teamIds: seven }, { teamIds: { org: 1, team: 8 } })).toBe(false);
    expect(sameTeam({ teamIds: seven }, {})).toBe(true);
    expect(sameTeam({}, {})).toBe(true);
  });
});
