import type { InstallationRecord, UserRecord } from "../model.js";
import { isoTime, nodeId } from "../time.js";
import type { World } from "../world.js";
import { simpleUser } from "./user.js";

/** What the emulated app may do; all an access app needs. */
export const APP_PERMISSIONS = {
  checks: "write",
  contents: "read",
  issues: "write",
  members: "write",
  metadata: "read",
  pull_requests: "write",
} as const;

/** The webhook events the emulated app is subscribed to, as app.yml lists them. */
export const APP_EVENTS = ["check_run", "issue_comment", "issues", "membership", "pull_request", "pull_request_review", "team"];

/**
 * GitHub's `integration`: the app itself, as `GET /app` answers and as
 * `performed_via_github_app` on whatever the app wrote.
 *
 * @example
 * integration(world).slug; // "jit-access"
 */
export function integration(world: World): Record<string, unknown> {
  const { app } = world;
  return {
    id: app.id,
    slug: app.slug,
    node_id: nodeId("Integration", app.id),
    client_id: clientId(world),
    owner: simpleUser(world, world.app.owner),
    name: app.name,
    description: null,
    external_url: `${world.htmlUrl}/apps/${app.slug}`,
    html_url: `${world.htmlUrl}/apps/${app.slug}`,
    created_at: isoTime(app.createdAt),
    updated_at: isoTime(app.createdAt),
    permissions: { ...APP_PERMISSIONS },
    events: [...APP_EVENTS],
    installations_count: world.installations.size,
  };
}

/**
 * GitHub's `installation`: the app installed on one organization, all repositories.
 *
 * @example
 * installation(world, record).repository_selection; // "all"
 */
export function installation(world: World, record: InstallationRecord): Record<string, unknown> {
  const org = world.org(record.org);
  return {
    id: record.id,
    client_id: clientId(world),
    account: simpleUser(world, org.login),
    repository_selection: "all",
    access_tokens_url: `${world.apiUrl}/app/installations/${record.id}/access_tokens`,
    repositories_url: `${world.apiUrl}/installation/repositories`,
    html_url: `${world.htmlUrl}/organizations/${org.login}/settings/installations/${record.id}`,
    app_id: world.app.id,
    app_slug: world.app.slug,
    target_id: org.id,
    target_type: "Organization",
    permissions: { ...(record.permissions ?? APP_PERMISSIONS) },
    events: [...APP_EVENTS],
    created_at: isoTime(record.createdAt),
    updated_at: isoTime(record.createdAt),
    single_file_name: null,
    has_multiple_single_files: false,
    single_file_paths: [],
    suspended_by: null,
    suspended_at: null,
  };
}

function clientId(world: World): string {
  return `Iv1.${world.app.id.toString(16).padStart(16, "0")}`;
}

/**
 * `performed_via_github_app` for something `user` did: the app when the
 * app's bot did it, otherwise null.
 *
 * @example
 * performedVia(world, world.user("jit-access[bot]")); // { id: 1, slug: "jit-access", ... }
 */
export function performedVia(world: World, user: UserRecord): Record<string, unknown> | null {
  return world.isBot(user) ? integration(world) : null;
}
