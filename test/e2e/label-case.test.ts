import { describe, expect, it } from "vitest";
import { appComments, deleteRecordsButFirst, HOUR, members, openedAndApproved, openRequest, passThenSweep, REPO, worldPerTest } from "./world.js";

/**
 * GitHub keeps one label per name in a repository whatever its case: adding
 * `access:granted` where `Access:Granted` exists applies that label, and
 * the issue then shows `Access:Granted`. Status and request labels created
 * beforehand with capitals (docs say to, to choose their colours) must mean
 * what their lower-case names do.
 */
const fresh = worldPerTest();

describe("labels are compared whatever their case, as GitHub names them", () => {
  it("a request label spelt `Access-Request` in the repository is the request label", async () => {
    const { sandbox: s } = await fresh();
    s.github.addLabel(REPO, "Access-Request");
    const n = openRequest(s, "jane");
    await s.settle();
    expect(s.github.issue(REPO, n).labels).toContain("Access-Request");
    s.github.as("alice").comment(REPO, n, "/approve");
    await s.settle();
    expect(appComments(s, n).length).toBeGreaterThan(0);
    expect(members(s)).toEqual(["jane"]);
  });

  it("status labels created with capitals still show exactly one state", async () => {
    const { sandbox: s, clock } = await fresh();
    for (const state of ["Pending", "Granted", "Expired"]) s.github.addLabel(REPO, `Access:${state}`);
    const n = await openedAndApproved(s);
    expect(s.github.issue(REPO, n).labels).toEqual(["access-request", "Access:Granted"]);
    await passThenSweep(s, clock, HOUR);
    expect(s.github.issue(REPO, n).labels).toEqual(["access-request", "Access:Expired"]);
    expect(members(s)).toEqual([]);
  });

  it("deleting the app's last records is found through a status label spelt with capitals, and the grant revoked", async () => {
    const { sandbox: s, clock } = await fresh();
    for (const state of ["Pending", "Granted", "Tampered"]) s.github.addLabel(REPO, `Access:${state}`);
    const n = await openedAndApproved(s);
    expect(members(s)).toEqual(["jane"]);
    deleteRecordsButFirst(s, n);
    await s.restart();
    s.github.as("jane").comment(REPO, n, "/approve");
    await s.settle();
    await passThenSweep(s, clock, 3 * HOUR);
    expect(s.github.issue(REPO, n).labels).toContain("Access:Tampered");
    expect(members(s)).toEqual([]);
  });
});
