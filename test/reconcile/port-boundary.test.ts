import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { RequestSource } from "../../src/reconcile/request-source.js";

const root = new URL("../../", import.meta.url).pathname;

/** Every read the port offers: a reconcile must ask these of its source, never of the GitHubClient. */
const READS: Record<keyof RequestSource, true> = { readRequest: true, isOrgMember: true, account: true, teamNow: true, teamMembership: true, teamMemberLogin: true, listRepositories: true, listAllIssues: true, listTimeline: true };

/** The files of one reconcile: they read GitHub only through the request source. */
const RECONCILE = ["reconcile.ts", "read-snapshot.ts", "settle.ts", "deleted-request.ts", "apply-effects.ts", "write-record.ts"];

/** The port's reads a text calls on a GitHubClient named `github`. */
function readCalls(text: string): string[] {
  return Object.keys(READS).flatMap((read) => [...text.matchAll(new RegExp(`\\bgithub\\??\\.${read}\\(`, "g"))].map(() => `github.${read}`));
}

describe("the reconcile reads GitHub only through RequestSource", () => {
  it("no file of a reconcile calls a read on the GitHubClient (calls, not only imports)", () => {
    const offending = RECONCILE.flatMap((file) => readCalls(readFileSync(`${root}src/reconcile/${file}`, "utf8")).map((call) => `${file} calls ${call}`));
    expect(offending).toEqual([]);
  });

  it("the check finds such a call when there is one", () => {
    expect(readCalls("const { issue } = await github.readRequest(ref); await github?.teamMembership(o, t, l);")).toEqual(["github.readRequest", "github.teamMembership"]);
  });
});
