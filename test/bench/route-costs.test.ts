import { describe, expect, it } from "vitest";
import { routeOf } from "jit-access-bench/route-costs.js";

describe("routeOf", () => {
  it.each([
    [{ method: "GET", path: "/repos/acme/access/issues/7/timeline" }, "GET /repos/{owner}/{repo}/issues/{issue_number}/timeline"],
    [{ method: "DELETE", path: "/orgs/acme/teams/ops/memberships/jane" }, "DELETE /orgs/{org}/teams/{team_slug}/memberships/{username}"],
    [{ method: "DELETE", path: "/organizations/1003/team/1008/memberships/dev-00001" }, "DELETE /organizations/{org_id}/team/{team_id}/memberships/{username}"],
    [{ method: "GET", path: "/organizations/1003/team/1008" }, "GET /organizations/{org_id}/team/{team_id}"],
    [{ method: "GET", path: "/nowhere/7" }, "GET /nowhere/7 (not served)"],
  ])("names %j by its template", (request, route) => {
    expect(routeOf(request)).toBe(route);
  });
});
