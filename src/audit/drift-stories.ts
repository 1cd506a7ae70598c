import { UNREPORTED_REMOVER, type DriftSubject } from "../core/drift-records.js";
import { oneLine } from "./render-facts.js";
import type { Stories } from "./story.js";

type DriftEvent = "drift-found" | "drift-reverted" | "drift-baseline" | "removed-early";

/** The stories of the drift guard: what was found outside the app, and what the app did about it. */
export const DRIFT_STORIES: Stories<DriftEvent> = {
  "drift-found": (data) => ({
    heading: data.subject.kind === "member" ? "### 🚪 Member added outside jit-access" : "### 🚪 Child team nested outside jit-access",
    text: [
      `${subject(data.subject)} ${data.subject.kind === "member" ? "is a member of" : "is nested under"} team \`${data.team}\`${data.addedBy ? `, added by @${data.addedBy}` : ""}, and no policy allows it (found by the ${data.foundBy}).`,
      "",
      data.action === "revert"
        ? "Policy `settings.drift: revert`: jit-access removes it."
        : data.held !== undefined
          ? `Policy \`settings.drift: revert\`, held back: nothing was removed yet, as ${data.held}.`
          : `Policy \`settings.drift: report\`: nothing was removed. To allow it, list it under \`standing\` in the team's policy on the default branch; otherwise remove it${data.subject.kind === "child-team" ? " (or set `revert_child_teams: true` with `drift: revert`)" : ""}.`,
      ...(data.notify.users.length + data.notify.teams.length > 0 ? ["", `${notify(data.notify, data.issue)}: please look at this membership.`] : []),
    ],
    why: oneLine(data.reason),
  }),
  "drift-reverted": (data) => ({
    heading: data.subject.kind === "member" ? "### ↩️ Membership removed" : "### ↩️ Child team detached",
    text: [data.removed ? `${subject(data.subject)} no longer ${data.subject.kind === "member" ? "is a member of" : "is nested under"} team \`${data.team}\`.` : `${subject(data.subject)} was already gone from team \`${data.team}\`.`],
    why: "policy `settings.drift: revert`",
  }),
  "drift-baseline": (data) => ({
    heading: "### 📋 Standing members recorded",
    text: [
      `Team \`${data.team}\`'s policy lists no \`standing\` members, so the members it had when the policy first loaded are its standing members: ${data.members.length > 0 ? data.members.map((m) => `\`${m}\``).join(", ") : "nobody"}${data.childTeams.length > 0 ? `, and the child teams ${data.childTeams.map((t) => `\`${t}\``).join(", ")}` : ""}.`,
      "",
      "Anyone else who becomes a member without a grant is drift. List `standing` in the policy to make this explicit.",
    ],
    why: "first load of a policy without `standing`",
  }),
  "removed-early": (data) => ({
    heading: "### ✂️ Removed early",
    text: [
      `@${data.requester}'s membership of team \`${data.team}\` was removed early by ${remover(data.by)}, outside jit-access. The grant is over; jit-access does not add the membership again.`,
      "",
      "To have access again, open a new request.",
    ],
    why: `removed early by ${remover(data.by)}`,
  }),
};

/** Who removed it: their login when GitHub's webhook said, else that nobody reported it. */
function remover(by: string | undefined): string {
  return by === undefined ? UNREPORTED_REMOVER : `@${by}`;
}

function subject(s: DriftSubject): string {
  return s.kind === "member" ? `@${s.login}` : `Team \`${s.slug}\``;
}

/** Mentions, as the escalation of a request writes them: teams as @org/slug so GitHub notifies them. */
function notify(who: { users: string[]; teams: string[] }, issue: string | undefined): string {
  const org = issue?.split("/")[0] ?? "";
  return [...who.users.map((u) => `@${u}`), ...who.teams.map((t) => `@${org}/${t}`)].join(" ");
}
