import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routes } from "github-emulator/emulator/routes/index.js";
import type { World } from "./harness.js";
import { startWorld } from "./harness.js";
import type { OpenApi } from "./openapi-schemas.js";
import { describeErrors, GHEC_ONLY, loadOpenApi } from "./openapi-schemas.js";

/**
 * The routes only GitHub Enterprise Cloud has (team synchronization), checked
 * against its own OpenAPI description, as openapi.test.ts checks the rest
 * against github.com's.
 */
const MAPPINGS = "/orgs/{org}/teams/{team_slug}/team-sync/group-mappings";
let ghec: OpenApi;
let w: World;

beforeAll(async () => {
  ghec = loadOpenApi("ghec");
  w = await startWorld();
});
afterAll(() => w.gh.stop());

describe("GitHub Enterprise Cloud's routes match its OpenAPI description", () => {
  it("serves exactly the GHEC-only operations, each one GHEC describes and github.com does not", () => {
    const toOpenApi = (pattern: string): string => pattern.replace(/[:*]([a-z_]+)/g, "{$1}");
    const served = routes.map((route) => `${route.method} ${toOpenApi(route.pattern)}`);
    expect(served.filter((op) => GHEC_ONLY.has(op)).sort()).toEqual([...GHEC_ONLY].sort());
    for (const op of GHEC_ONLY) {
      const [method, path] = op.split(" ") as [string, string];
      expect(ghec.hasOperation(method.toLowerCase(), path), op).toBe(true);
    }
  });

  it.each([
    ["a synced team", "okta-admins", 1],
    ["a team that is not synced", "platform", 0],
  ])("answers a person's token for %s with its groups, in GitHub's group-mapping shape", async (_what, team, groups) => {
    const response = await w.api("GET", `/orgs/acme/teams/${team}/team-sync/group-mappings`, undefined, { authorization: `token ${w.gh.userToken("alice")}` });
    expect(response.status).toBe(200);
    const validate = ghec.response("get", MAPPINGS, 200);
    expect(validate(response.body), describeErrors(validate.errors)).toBe(true);
    expect((response.body as { groups: unknown[] }).groups).toHaveLength(groups);
  });

  it("refuses the app's installation token, as GitHub marks the operation not enabled for GitHub Apps", async () => {
    const response = await w.api("GET", "/orgs/acme/teams/okta-admins/team-sync/group-mappings");
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ message: "Resource not accessible by integration" });
    expect(ghec.hasOperation("get", MAPPINGS)).toBe(true);
  });

  it("refuses a token that is not a GitHub credential at all", async () => {
    const response = await w.api("GET", "/orgs/acme/teams/okta-admins/team-sync/group-mappings", undefined, { authorization: "token ghp_not-issued" });
    expect(response.status).toBe(401);
  });
});
