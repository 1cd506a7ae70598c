import { describe, expect, it } from "vitest";
import { changesNothing, requestOf } from "../../src/webhook-filter.js";

const requestLabels = new Set(["access-request"]);
// As app.ts keeps them: each policy's approval label wholly in lower case.
const approvalLabels = new Set(["access-approved", "ärger-ok"]);
const labelled = (name: string) => ({ action: "labeled", label: { name } });

describe("which label webhooks cannot change a request", () => {
  it.each(["bug", "Needs-Triage"])("another label changes nothing: %s", (name) => {
    expect(changesNothing("issues", labelled(name), requestLabels, approvalLabels, true)).toBe(true);
  });

  it.each(["Access:Granted", "ACCESS-REQUEST", "Access-Approved", "Ärger-OK"])("a status, request or approval label in any case may: %s", (name) => {
    expect(changesNothing("issues", labelled(name), requestLabels, approvalLabels, true)).toBe(false);
  });

  it("an issue carrying the request label in capitals is a request, in a repository whose settings were read", () => {
    const issue = (name: string) => ({ installation: { id: 1 }, repository: { name: "access", owner: { login: "acme" } }, issue: { number: 7, labels: [{ name }] } });
    const settled = new Set(["1:acme/access"]);
    expect(requestOf(issue("Access-Request"), requestLabels, settled, () => false)).toEqual({ installationId: 1, owner: "acme", repo: "access", number: 7 });
    expect(requestOf(issue("bug"), requestLabels, settled, () => false)).toBeUndefined();
  });
});
