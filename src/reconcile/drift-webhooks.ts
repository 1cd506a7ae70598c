import type { Logger } from "pino";
import { judgeMembershipChange } from "../core/drift.js";
import type { DriftCheck, DriftGuard } from "./drift-guard.js";

/** The parts of `membership` and `team` webhooks the drift guard reads (shapes from GitHub's webhook schemas). */
export interface TeamWebhookPayload {
  action?: string;
  scope?: string;
  member?: { login: string; id: number };
  team?: { slug: string; parent?: { slug: string } | null };
  sender?: { login: string; type?: string };
  installation?: { id: number };
  organization?: { login: string };
}

/**
 * Turns a `membership` or `team` webhook into the drift checks it calls
 * for: the team it names and, for a team nested under another, that parent
 * (GitHub counts a child team's members as the parent's). The app's own
 * membership changes call for none: they are its grants and revocations.
 *
 * @example
 * checksFor("membership", payload, "jit-access[bot]"); // [{ installationId: 1, org: "acme", team: "ops", foundBy: "webhook", addedBy: {...} }]
 */
export function checksFor(event: string, payload: TeamWebhookPayload, botLogin: string): DriftCheck[] {
  const installationId = payload.installation?.id;
  const org = payload.organization?.login;
  const team = payload.team?.slug;
  if (installationId === undefined || org === undefined || team === undefined) return [];
  const byApp = payload.sender?.login.toLowerCase() === botLogin.toLowerCase();
  const base = { installationId, org, foundBy: "webhook" as const };
  const teams = [team, ...(payload.team?.parent?.slug ? [payload.team.parent.slug] : [])];
  if (event === "membership") {
    if (payload.scope !== "team" || !payload.member || (payload.action !== "added" && payload.action !== "removed")) return [];
    // Whether the team is managed is found by the check itself (it reads the policies); the core rule here is the app's own changes.
    const verdict = judgeMembershipChange({ action: payload.action, team, person: payload.member, actor: payload.sender?.login ?? "unknown", byApp }, { managed: true, granted: [] });
    // A removal by someone else may end a live grant early: the guard asks the grant index (it concerns this team only).
    if (payload.action === "removed" && !byApp) return [{ ...base, team, removed: { person: payload.member, actor: payload.sender?.login ?? "unknown" } }];
    if (verdict.kind !== "check") return [];
    return teams.map((slug) => ({ ...base, team: slug, addedBy: { person: payload.member!, actor: verdict.actor } }));
  }
  if (event === "team" && (payload.action === "edited" || payload.action === "created") && !byApp) return teams.map((slug) => ({ ...base, team: slug }));
  return [];
}

/**
 * Runs the checks a webhook calls for; a failure is logged (the sweep finds
 * the same drift later), never thrown at the webhook.
 *
 * @example
 * await onTeamWebhook(guard, "membership", payload, "jit-access[bot]", log);
 */
export async function onTeamWebhook(guard: DriftGuard, event: string, payload: TeamWebhookPayload, botLogin: string, log: Logger): Promise<void> {
  for (const check of checksFor(event, payload, botLogin)) {
    try {
      await guard.check(check);
    } catch (error) {
      log.warn({ err: error, event, team: check.team }, "drift check failed; the next sweep checks the team again");
    }
  }
}
