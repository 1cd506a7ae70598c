import type { UserRecord } from "../model.js";
import { isoTime, nodeId } from "../time.js";
import type { World } from "../world.js";

/**
 * GitHub's `simple-user`, the shape of every `user`, `actor` and `sender`.
 * Bots live under `/apps/<slug>` on the web, as on github.com. Webhooks
 * reuse its text while `simpleUserInputs` stays the same: a new input read
 * here must be named there too.
 *
 * @example
 * simpleUser(world, "alice").url; // "http://127.0.0.1:5000/users/alice"
 * simpleUser(world, world.userById(comment.authorId)).id; // the author's id, under their current login
 */
export function simpleUser(world: World, who: UserRecord | string): Record<string, unknown> {
  const user = typeof who === "string" ? world.user(who) : who;
  const api = `${world.apiUrl}/users/${encodeURIComponent(user.login)}`;
  const html = user.type === "Bot" ? `${world.htmlUrl}/apps/${user.login.replace(/\[bot\]$/, "")}` : `${world.htmlUrl}/${user.login}`;
  return {
    login: user.login,
    id: user.id,
    node_id: nodeId(user.type, user.id),
    avatar_url: `${world.apiUrl}/avatars/u/${user.id}?v=4`,
    gravatar_id: "",
    url: api,
    html_url: html,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: user.type,
    user_view_type: "public",
    site_admin: false,
  };
}

/**
 * Everything `simpleUser` reads, as one string (see `cachedFragment`).
 *
 * @example
 * simpleUserInputs(world, world.user("alice")); // "http://127.0.0.1:5000\n…\nalice\n1001\nUser"
 */
export function simpleUserInputs(world: World, user: UserRecord): string {
  return [world.apiUrl, world.htmlUrl, user.login, user.id, user.type].join("\n");
}

/**
 * GitHub's `public-user`, the answer to `GET /users/{username}`.
 *
 * @example
 * publicUser(world, "alice").public_repos; // 0
 */
export function publicUser(world: World, login: string): Record<string, unknown> {
  const user = world.user(login);
  return {
    ...simpleUser(world, user),
    name: user.type === "User" ? user.login : null,
    company: null,
    blog: "",
    location: null,
    email: null,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: isoTime(user.createdAt),
    updated_at: isoTime(user.createdAt),
  };
}
