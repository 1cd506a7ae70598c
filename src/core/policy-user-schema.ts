import { z } from "zod";
import { expected } from "./policy-messages.js";

/**
 * How a policy names a person in a `users` list: a login, or a login pinned
 * to the GitHub account that holds it (docs/policies.md, "People by login,
 * pinned to their accounts"); and a team in a `teams` list: a slug, or a
 * slug pinned to the team that holds it.
 */

const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const login = z.string({ error: expected("a GitHub login such as alice") }).regex(LOGIN, {
  error: expected((input) => {
    const text = String(input);
    if (text.startsWith("@") && LOGIN.test(text.slice(1))) return `a GitHub login without "@": ${text.slice(1)}`;
    if (text.includes("/")) return "a GitHub login such as alice (list teams under teams, by slug)";
    return "a GitHub login such as alice: letters, digits and single hyphens, at most 39 characters";
  }),
});

/** A GitHub account id: a positive whole number, which a policy gives exactly (up to 2^53). */
const pinnedId = z
  .int({ error: expected("the account's numeric id, a whole number such as 583231 (`npx jit-access doctor` prints it)") })
  .min(1, { error: expected("the account's numeric id, a whole number of 1 or more") })
  .meta({ description: "The numeric id of the GitHub account (GET /users/{login} answers it as id)." });

/**
 * A login pinned to one account: `{ login: alice, id: 583231 }`. A login can
 * be renamed away and taken by another account, a new one or one that
 * already existed; the id stays with the account the policy meant.
 */
const pinnedUser = z
  .strictObject({ login, id: pinnedId }, { error: expected("a mapping with login and id, such as { login: alice, id: 583231 }") })
  .meta({ description: "A login pinned to the account with this numeric id: the login counts only while that account holds it." });

const USER_ENTRY = "a GitHub login such as alice, or a login pinned to its account such as { login: alice, id: 583231 }";
export const userEntry = z.union([login, pinnedUser], {
  error: expected((input) => {
    // A mapping that fails both shapes has a login and no whole-number id (zod's union keeps neither shape's own message).
    if (typeof input === "object" && input !== null && !Array.isArray(input)) return "a login pinned to its account, { login: alice, id: 583231 }, with id the account's numeric id as a whole number (`npx jit-access doctor` prints it)";
    return USER_ENTRY;
  }),
});
export type UserEntry = z.infer<typeof userEntry>;

/**
 * The login of a `users` entry, pinned or not.
 *
 * @example
 * loginOf({ login: "alice", id: 583231 }); // "alice"
 */
export function loginOf(entry: UserEntry): string {
  return typeof entry === "string" ? entry : entry.login;
}

const SLUG = /^[a-z0-9][a-z0-9_.-]{0,99}$/;
export const teamSlug = z.string({ error: expected("a team slug such as platform-leads") }).regex(SLUG, {
  error: expected((input) => {
    const text = String(input);
    const bare = text.replace(/^@?[^/]*\//, "");
    if (bare !== text && SLUG.test(bare)) return `the team slug without the organisation: ${bare}`;
    const slug = bare.trim().toLowerCase().replace(/\s+/g, "-");
    if (SLUG.test(slug)) return `the team's slug, in lower case with hyphens: ${slug}`;
    return "a team slug such as platform-leads: lower-case letters, digits, -, _ and .";
  }),
});

/** A team id: a positive whole number (GET /orgs/{org}/teams/{team_slug} answers it as id). */
const teamId = z
  .int({ error: expected("the team's numeric id, a whole number such as 4217 (`npx jit-access doctor` prints it)") })
  .min(1, { error: expected("the team's numeric id, a whole number of 1 or more") })
  .meta({ description: "The numeric id of the GitHub team (GET /orgs/{org}/teams/{team_slug} answers it as id)." });

/**
 * A team slug pinned to one team: `{ slug: platform-leads, id: 4217 }`. A
 * slug follows its team's name, so a team renamed or deleted gives it up and
 * another team can take it (a new one, or an older one renamed); the id
 * stays with the team the policy meant.
 */
export const teamEntry = z.union(
  [teamSlug, z.strictObject({ slug: teamSlug, id: teamId }).meta({ description: "A team slug pinned to the team with this numeric id: its members count only while that team holds the slug." })],
  {
    error: expected((input) =>
      typeof input === "object" && input !== null && !Array.isArray(input)
        ? "a team slug pinned to its team, { slug: platform-leads, id: 4217 }, with id the team's numeric id as a whole number (`npx jit-access doctor` prints it)"
        : "a team slug such as platform-leads, or a slug pinned to its team such as { slug: platform-leads, id: 4217 }"),
  },
);
export type TeamEntry = z.infer<typeof teamEntry>;

/**
 * The slug of a `teams` entry, pinned or not.
 *
 * @example
 * slugOf({ slug: "platform-leads", id: 4217 }); // "platform-leads"
 */
export function slugOf(entry: TeamEntry): string {
  return typeof entry === "string" ? entry : entry.slug;
}
