import { describe, expect, it } from "vitest";
import { evaluateRequest, type Evaluation } from "../../src/core/evaluate-request.js";
import type { Directory, Person } from "../../src/core/input.js";
import { parsePolicies, type PolicyLoad } from "../../src/core/policy.js";
import { formBody } from "./fixtures.js";

const POLICY = `version: 1
teams:
  platform-admins:
    max_duration: 4h
    default_duration: 1h
    approvers: { users: [alice] }
    ticket: { required: true, pattern: '^(INC|CHG)-[0-9]+$' }
  db-admins:
    max_duration: 2h
    requesters: { users: [bob], teams: [dba] }
    approvers: { users: [alice] }
    ticket: { pattern: 'DB-[0-9]{1,6}' }
`;
const load = parsePolicies([{ path: "policies/p.yml", text: POLICY }], "9fceb02d0ae598e95dc970b74767f19372d61af8");
const jane: Person = { login: "jane", bot: false };
const directory: Directory = { org: { jane: true, bob: true }, teams: { dba: { jane: false } } };

const problems = (evaluation: Evaluation): string[] => (evaluation.ok ? [] : evaluation.problems);
const evaluate = (fields: Parameters<typeof formBody>[0], who: Person = jane, policies: PolicyLoad = load) => evaluateRequest(formBody(fields), who, policies, directory);

describe("evaluateRequest", () => {
  it("accepts a request that meets the policy and records the policies' commit", () => {
    const evaluation = evaluate({ ticket: "INC-4711", duration: "" });
    expect(evaluation).toMatchObject({ ok: true, policyRef: "9fceb02d0ae598e95dc970b74767f19372d61af8", request: { team: "platform-admins", durationMs: 3_600_000, ticket: "INC-4711" } });
  });

  it("refuses a team no policy names, listing the teams one can request", () => {
    expect(problems(evaluate({ team: "ops", ticket: "INC-1" }))).toEqual(["**Team** `ops` is not named by any policy; teams you can request: `db-admins`, `platform-admins`"]);
  });

  it("refuses a team written under another organisation than the request's, and takes its own in any case", () => {
    const under = (team: string) => evaluateRequest(formBody({ team, ticket: "INC-1" }), jane, load, directory, "acme");
    expect(problems(under("@partner/platform-admins"))).toEqual(["**Team** names the organisation `partner`; jit-access grants teams of `acme` only: write the team's slug (`platform-admins`) or `@acme/platform-admins`"]);
    expect(under("@ACME/platform-admins")).toMatchObject({ ok: true, request: { team: "platform-admins" } });
    expect(under("platform-admins")).toMatchObject({ ok: true, request: { team: "platform-admins" } });
  });

  it("refuses a requester the policy does not allow, naming who may", () => {
    expect(problems(evaluate({ team: "db-admins", duration: "1h" }))).toEqual(["@jane may not request `db-admins`: the policy allows @bob or members of team `dba`"]);
  });

  it("refuses a duration over the maximum, stating the maximum, never shortening it", () => {
    expect(problems(evaluate({ duration: "5h", ticket: "INC-1" }))).toEqual(["**Duration** 5h is longer than the maximum for `platform-admins`, 4h: ask for 4h or less"]);
  });

  it("refuses an empty duration when the policy has no default", () => {
    expect(problems(evaluate({ team: "db-admins", duration: "" }, { login: "bob", bot: false }))).toEqual(["**Duration** is empty and the policy for `db-admins` sets no default_duration: give a duration of at most 2h"]);
  });

  it("refuses a missing ticket the policy requires, stating the pattern", () => {
    expect(problems(evaluate({}))).toEqual(["**Ticket** is required for `platform-admins`: give the ticket this access is for, matching `^(INC|CHG)-[0-9]+$`"]);
  });

  it.each([["PROJ-1"], ["INC-12 and more"], ["xINC-12"]])("refuses the ticket %j, naming the pattern", (ticket) => {
    expect(problems(evaluate({ ticket }))).toEqual([`**Ticket** \`${ticket}\` does not match the pattern \`^(INC|CHG)-[0-9]+$\` that the policy for \`platform-admins\` requires: give a ticket that matches it`]);
  });

  it("matches the whole ticket even when the pattern has no anchors", () => {
    const bob: Person = { login: "bob", bot: false };
    expect(evaluate({ team: "db-admins", duration: "1h", ticket: "DB-12" }, bob).ok).toBe(true);
    expect(problems(evaluate({ team: "db-admins", duration: "1h", ticket: "see DB-12" }, bob))).toEqual(['**Ticket** `see DB-12` does not match the pattern `DB-[0-9]{1,6}` that the policy for `db-admins` requires: give a ticket that matches it']);
    expect(evaluate({ team: "db-admins", duration: "1h" }, bob).ok).toBe(true);
  });

  it("refuses a ticket longer than patterns are checked for", () => {
    expect(problems(evaluate({ ticket: `INC-${"1".repeat(100)}` }))).toEqual(["**Ticket** is longer than 100 characters: give only the ticket's identifier, matching `^(INC|CHG)-[0-9]+$`"]);
  });

  it("lists every problem at once", () => {
    expect(problems(evaluate({ duration: "9h" }, { login: "outsider", bot: false }))).toHaveLength(3);
  });

  it.each<[string, PolicyLoad, string]>([
    ["missing", { kind: "missing", message: "there is no `policies/` folder on the default branch of acme/access; add policy files there (see docs/policies.md)" }, "No policy was found, so nothing can be granted: there is no `policies/` folder"],
    ["unreadable", parsePolicies([{ path: "policies/a.yml", unreadable: "it is not UTF-8 text; save it as UTF-8" }], "r"), "A policy file could not be read, so nothing can be granted until it can:\npolicies/a.yml: cannot be read: it is not UTF-8 text; save it as UTF-8"],
    ["invalid YAML", parsePolicies([{ path: "policies/a.yml", text: "version: 1\nteams:\n\tops: {}\n" }], "r"), "A policy file is not valid YAML, so nothing can be granted until it is fixed:\npolicies/a.yml:3:1: invalid YAML: a tab is used for indentation; indent with spaces"],
    ["invalid", parsePolicies([{ path: "policies/a.yml", text: "version: 1\nteams:\n  ops:\n    max_duration: 1h\n    approvers: { users: [a] }\n    approvals: 0\n" }], "r"), "The access policies are invalid, so nothing can be granted until they are fixed:\npolicies/a.yml:6:16: teams.ops.approvals: found 0; expected a whole number from 1 to 10"],
  ])("refuses everything while the policies are %s, with a message of its own", (_kind, policies, message) => {
    const evaluation = evaluate({ ticket: "INC-1" }, jane, policies);
    expect(evaluation.ok).toBe(false);
    expect(problems(evaluation).join("\n")).toContain(message);
  });
});
