import type { ChainComment } from "../audit/verify-chain.js";
import type { Person, ReviewState, TimelineItem } from "../core/input.js";
import { labelKey } from "../core/records.js";
import type { TimelineEntry } from "../github/client.js";

/** The app as GitHub shows it on the comments it writes. */
export interface AppIdentity {
  id: number;
  slug: string;
}

/**
 * Splits GitHub's issue timeline into what people did (for the core) and the
 * comments that may carry records (for the chain check). A comment is the
 * app's only when all three agree: login `<slug>[bot]`, type Bot, and
 * written through this app's id — a user named like the bot is not the bot.
 *
 * @example
 * const { timeline, comments } = readTimeline(entries, { id: 1, slug: "jit-access" });
 */
export function readTimeline(entries: readonly TimelineEntry[], app: AppIdentity): { timeline: TimelineItem[]; comments: ChainComment[] } {
  const timeline: TimelineItem[] = [];
  const comments: ChainComment[] = [];
  entries.forEach((entry, seq) => {
    const at = Date.parse(entry.created_at ?? "") || 0;
    if (entry.event === "commented" && entry.id !== undefined && entry.user) {
      // REST names the app by id; GraphQL by its bot, whose login is the app's slug (unique on GitHub).
      const viaApp = entry.performed_via_github_app?.id === app.id || entry.app_slug === app.slug;
      const byApp = entry.user.login === `${app.slug}[bot]` && entry.user.type === "Bot" && viaApp;
      const body = entry.body ?? "";
      comments.push({ seq, id: entry.id, body, at, byApp, ...(entry.last_edit ? { edit: entry.last_edit } : {}) });
      if (!byApp) timeline.push({ kind: "comment", seq, id: entry.id, author: person(entry.user), body, at, edited: isEdited(entry), ...(entry.last_edit?.by ? { editedBy: entry.last_edit.by } : {}) });
    } else if ((entry.event === "labeled" || entry.event === "unlabeled") && entry.actor && entry.label && entry.id !== undefined) {
      timeline.push({ kind: entry.event, seq, id: entry.id, label: labelKey(entry.label.name), actor: person(entry.actor), at, ...(editedSince(entry.label, at) ? { renamed: true as const } : {}) });
    } else if (entry.event === "reviewed" && entry.id !== undefined && entry.user && isReviewState(entry.state)) {
      timeline.push({ kind: "review", seq, id: entry.id, author: person(entry.user), state: entry.state, at: Date.parse(entry.submitted_at ?? "") || at, body: entry.body ?? "" });
    } else if ((entry.event === "closed" || entry.event === "reopened") && entry.actor) {
      timeline.push({ kind: entry.event, seq, actor: person(entry.actor), at });
    }
  });
  return { timeline, comments };
}

/**
 * Whether the label GitHub's GraphQL shows for a label event (the label as
 * it is now: a renamed label shows its new name in every event that added
 * it) was renamed or otherwise edited after the event: last edited after it
 * was made, and not before the event. A label edited before the event, or
 * made by it, had the name it has. One GraphQL gives no time for is taken as
 * edited: nothing shows otherwise. REST's events keep the name and give no
 * times.
 */
function editedSince(label: { created_at?: string | null; updated_at?: string | null }, eventAt: number): boolean {
  // REST's event (no times asked for) keeps the name; GraphQL's without a time cannot show the label unedited.
  if (label.updated_at === undefined) return false;
  const updated = Date.parse(label.updated_at ?? "");
  if (Number.isNaN(updated)) return true;
  const created = Date.parse(label.created_at ?? "");
  // Times are to the second: an edit in the same second as the event counts as after it.
  return updated >= eventAt && (Number.isNaN(created) || updated > created);
}

/**
 * Whether a person edited a comment. GitHub's edit history (read through
 * GraphQL) knows; REST's `updated_at` does not (github.com sets it a second
 * after `created_at` on some comments nobody edited), so a REST-read comment
 * whose times differ is taken as edited, which fails closed.
 */
function isEdited(entry: TimelineEntry): boolean {
  if (entry.last_edit !== undefined) return entry.last_edit !== null;
  return entry.updated_at !== undefined && entry.updated_at !== entry.created_at;
}

function isReviewState(state: string | undefined): state is ReviewState {
  return state === "approved" || state === "changes_requested" || state === "commented" || state === "dismissed";
}

/**
 * A GitHub user as the core sees them.
 *
 * @example
 * person({ login: "dependabot[bot]", type: "Bot", id: 49699333 }); // { login: "dependabot[bot]", bot: true, id: 49699333 }
 */
export function person(user: { login: string; type: string; id?: number }): Person {
  const found: Person = { login: user.login, bot: user.type === "Bot" || user.login.endsWith("[bot]") };
  if (typeof user.id === "number") found.id = user.id;
  return found;
}
