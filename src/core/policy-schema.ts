import { z } from "zod";
import { parseDuration } from "./duration.js";

/**
 * The policy file schema: the single source of truth for what a policy may
 * say. Strict everywhere: an unknown key is an error, never ignored, because a
 * misspelt rule that is silently dropped can widen access.
 */
const login = z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, "must be a GitHub login such as `alice`");
const teamSlug = z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,99}$/, "must be a team slug in lower case such as `platform-leads`");
const duration = z.string().refine((s) => parseDuration(s).ok, {
  message: "must be a duration such as 30m, 2h, 1d, 1h30m or PT2H",
});

const principals = z
  .object({
    users: z.array(login).optional(),
    teams: z.array(teamSlug).optional(),
  })
  .strict();

export const teamPolicySchema = z
  .object({
    description: z.string().optional(),
    max_duration: duration,
    default_duration: duration.optional(),
    requesters: principals.optional(),
    approvers: principals,
    approvals: z.number().int().min(1).max(10).default(1),
    self_approval: z.boolean().default(false),
  })
  .strict();

export const policyFileSchema = z
  .object({
    version: z.literal(1),
    teams: z.record(teamSlug, teamPolicySchema).optional(),
  })
  .strict();

export type PolicyFile = z.infer<typeof policyFileSchema>;
export type TeamPolicyInput = z.infer<typeof teamPolicySchema>;
