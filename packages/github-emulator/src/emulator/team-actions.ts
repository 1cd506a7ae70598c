import { HttpError, notFound } from "./http-error.js";
import { organizationSimple } from "./shapes/organization.js";
import { teamSimple } from "./shapes/team.js";
import { simpleUser } from "./shapes/user.js";
import type { MembershipState, TeamRecord } from "./model.js";
import type { World } from "./world.js";

/**
 * Team changes as GitHub makes them, whoever asks (the app through the REST
 * API, or a person in the web UI), each sending GitHub's organisation-level
 * webhook: `membership` (added / removed, scope team) and `team` (edited).
 * Payload shapes follow @octokit/webhooks-examples: no `repository`, the
 * team with its `parent`.
 */

/**
 * The webhook `team` object: team-simple with its parent.
 *
 * @example
 * webhookTeam(world, team).parent; // null, or the parent's team-simple
 */
export function webhookTeam(world: World, team: TeamRecord): Record<string, unknown> {
  const parent = team.parent === undefined ? undefined : world.team(team.org, team.parent);
  return { ...teamSimple(world, team), parent: parent ? teamSimple(world, parent) : null };
}

/**
 * Adds (or changes) a direct membership and sends `membership.added` when
 * the user was not a direct member before.
 *
 * @example
 * putMembership(world, "owner", team, "mallory"); // "active"
 */
export function putMembership(world: World, sender: string, team: TeamRecord, login: string): MembershipState {
  const user = world.user(login);
  const org = world.org(team.org);
  if (user.type === "Organization") throw new HttpError(422, "Unprocessable Entity", {}, `${user.login} is an organization`);
  // A non-member is invited to the organization; the team membership waits for the invitation.
  if (!org.members.has(user.id)) org.members.set(user.id, "pending");
  const state = org.members.get(user.id) === "active" ? "active" : "pending";
  const before = team.members.get(user.id);
  team.members.set(user.id, state);
  team.updatedAt = world.now();
  if (before === undefined && state === "active") emitMembership(world, sender, team, login, "added");
  return state;
}

/**
 * Removes a direct membership and sends `membership.removed`.
 *
 * @example
 * deleteMembership(world, "owner", team, "mallory");
 */
export function deleteMembership(world: World, sender: string, team: TeamRecord, login: string): void {
  const user = world.findUser(login);
  if (!user || !team.members.delete(user.id)) throw notFound(`${login} as a direct member of team ${team.org}/${team.slug}`);
  team.updatedAt = world.now();
  emitMembership(world, sender, team, user.login, "removed");
}

/**
 * Nests a team under another (or, with undefined, moves it to the top) and
 * sends `team.edited` for the moved team.
 *
 * @example
 * setParent(world, "owner", world.team("acme", "contractors"), "platform-admins");
 */
export function setParent(world: World, sender: string, team: TeamRecord, parent: string | undefined): void {
  const from = team.parent;
  if (parent !== undefined) world.team(team.org, parent);
  team.parent = parent;
  team.updatedAt = world.now();
  const previous = from === undefined ? null : teamSimple(world, world.team(team.org, from));
  world.emit(team.org, "team", { action: "edited", changes: { parent: { from: previous } }, team: webhookTeam(world, team), organization: organizationSimple(world, team.org), sender: simpleUser(world, sender) });
}

/**
 * Renames a team, as an owner or its maintainer can: GitHub makes the slug
 * from the new name (lower case, each run of other characters a `-`), the
 * old slug names nothing afterwards (the REST routes answer 404 under it),
 * and `team.edited` carries `changes.name.from`.
 */
export function renameTeam(world: World, sender: string, team: TeamRecord, name: string): void {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  if (slug === "" || (slug !== team.slug.toLowerCase() && world.teams.has(`${team.org}/${slug}`.toLowerCase()))) throw new HttpError(422, "Validation Failed", {}, `team name ${name}`);
  const from = { name: team.name, slug: team.slug };
  world.teams.delete(`${team.org}/${team.slug}`.toLowerCase());
  for (const child of world.teamsOf(team.org)) if (child.parent === team.slug) child.parent = slug;
  team.name = name;
  team.slug = slug;
  team.updatedAt = world.now();
  world.teams.set(`${team.org}/${slug}`.toLowerCase(), team);
  world.emit(team.org, "team", { action: "edited", changes: { name: { from: from.name } }, team: webhookTeam(world, team), organization: organizationSimple(world, team.org), sender: simpleUser(world, sender) });
}

/**
 * Deletes a team, as an owner or its maintainer can: its memberships go
 * with it, and so do its child teams ("If this is a parent team, all of its
 * child teams will also be deleted", GitHub's "Delete a team"); `team.deleted`
 * is sent for each. A later team may take the slug, under a new id.
 */
export function deleteTeam(world: World, sender: string, team: TeamRecord): void {
  for (const child of world.teamsOf(team.org)) if (child.parent?.toLowerCase() === team.slug.toLowerCase()) deleteTeam(world, sender, child);
  const gone = webhookTeam(world, team);
  world.teams.delete(`${team.org}/${team.slug}`.toLowerCase());
  world.emit(team.org, "team", { action: "deleted", team: gone, organization: organizationSimple(world, team.org), sender: simpleUser(world, sender) });
}

function emitMembership(world: World, sender: string, team: TeamRecord, login: string, action: "added" | "removed"): void {
  world.emit(team.org, "membership", {
    action,
    scope: "team",
    member: simpleUser(world, login),
    team: webhookTeam(world, team),
    organization: organizationSimple(world, team.org),
    sender: simpleUser(world, sender),
  });
}
