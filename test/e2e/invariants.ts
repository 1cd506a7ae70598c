import { verifyChain } from "../../src/audit/verify-chain.js";
import { foldHistory } from "../../src/core/history.js";
import type { Sandbox } from "github-emulator/sandbox/start-sandbox.js";
import { ORG, REPO, TEAM } from "./world.js";

/** What the invariants are checked against: GitHub's state and the key the records are signed with. */
export type InvariantSubject = Pick<Sandbox, "github"> & { config: Pick<Sandbox["config"], "signingKey"> };

/**
 * What must hold after any scenario settles, whatever failed on the way:
 * - the team's members are exactly the standing members and the requesters
 *   of live grants;
 * - no grant outlives its expiry;
 * - each request's records verify as one unbroken chain, without duplicates;
 * - every closed request ends with a final record.
 * Returns the violations, in words. Needs only the emulator and the signing
 * key, so a drill that runs the app as a separate process can check it too.
 */
export function checkInvariants(sandbox: InvariantSubject, numbers: readonly number[], standing: readonly string[], now: number): string[] {
  const problems: string[] = [];
  const live = new Set(standing.map((l) => l.toLowerCase()));
  for (const number of numbers) {
    const ref = `${REPO}#${number}`;
    const comments = sandbox.github.comments(REPO, number).map((c, seq) => ({ seq, id: c.id, body: c.body, at: Date.parse(c.createdAt), byApp: c.viaApp }));
    const chain = verifyChain(comments, ref, sandbox.config.signingKey);
    for (const finding of chain.findings) problems.push(`${ref}: ${finding.detail}`);
    const history = foldHistory(chain.records);
    const events = chain.records.map((r) => r.data.event);
    const count = (event: string) => events.filter((e) => e === event).length;
    for (const event of ["approved", "granted", "expired", "revoked", "denied", "withdrawn", "timed-out", "grant-failed", "revoke-failed"]) {
      if (count(event) > 1) problems.push(`${ref}: ${count(event)} "${event}" records`);
    }
    const received = chain.records.filter((r) => r.data.event === "received").map((r) => (r.data.event === "received" && !r.data.reason ? r.data.requestHash : `${r.seq}`));
    if (new Set(received).size !== received.length) problems.push(`${ref}: the same request recorded as received twice`);
    const grant = history.granted?.data;
    const expiresAt = history.expiresAt;
    if (grant && !history.terminal && expiresAt !== undefined) {
      if (expiresAt <= now) problems.push(`${ref}: grant past its expiry (${new Date(expiresAt).toISOString()}) still live`);
      else live.add(grant.requester.toLowerCase());
    }
    if (sandbox.github.issue(REPO, number).state === "closed" && !history.terminal) problems.push(`${ref}: closed without a final record`);
  }
  const members = sandbox.github.teamMembers(ORG, TEAM).filter((m) => m.state === "active").map((m) => m.login.toLowerCase()).sort();
  const expected = [...live].sort();
  if (members.join(",") !== expected.join(",")) problems.push(`members of ${TEAM} are [${members.join(", ")}], expected [${expected.join(", ")}]`);
  return problems;
}
