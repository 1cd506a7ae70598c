import { notFound, validationFailed } from "../http-error.js";
import type { CheckAnnotation, CheckRunRecord } from "../model.js";
import type { RequestContext, Route } from "../route.js";
import { bodyObject, intParam, optionalString, repoOf } from "../request-params.js";
import { checkRun } from "../shapes/check-run.js";

const STATUSES = ["queued", "in_progress", "completed", "waiting", "requested", "pending"];
const CONCLUSIONS = ["action_required", "cancelled", "failure", "neutral", "success", "skipped", "stale", "timed_out"];
const LEVELS = ["notice", "warning", "failure"];

/** GitHub accepts at most 50 annotations per request. */
const MAX_ANNOTATIONS_PER_REQUEST = 50;

function parseAnnotations(raw: unknown): CheckAnnotation[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw) || raw.length > MAX_ANNOTATIONS_PER_REQUEST) throw validationFailed("CheckRun", "annotations", "invalid");
  return raw.map((entry: unknown) => {
    const item = entry as Partial<CheckAnnotation> | null;
    const valid =
      item !== null &&
      typeof item === "object" &&
      typeof item.path === "string" &&
      Number.isInteger(item.start_line) &&
      Number.isInteger(item.end_line) &&
      typeof item.message === "string" &&
      LEVELS.includes(item.annotation_level ?? "");
    if (!valid) throw validationFailed("CheckRun", "annotations", "invalid");
    return { ...(item as CheckAnnotation) };
  });
}

/** Applies the fields of a create or update request; annotations accumulate, as on GitHub. */
function apply(ctx: RequestContext, record: CheckRunRecord): CheckRunRecord {
  const body = bodyObject(ctx);
  const name = optionalString(body, "CheckRun", "name");
  if (name !== undefined) record.name = name;
  const status = optionalString(body, "CheckRun", "status");
  if (status !== undefined && !STATUSES.includes(status)) throw validationFailed("CheckRun", "status", "invalid");
  const conclusion = optionalString(body, "CheckRun", "conclusion");
  if (conclusion !== undefined && !CONCLUSIONS.includes(conclusion)) throw validationFailed("CheckRun", "conclusion", "invalid");
  if (status !== undefined) record.status = status;
  if (conclusion !== undefined) {
    record.conclusion = conclusion;
    record.status = "completed";
  }
  if (record.status === "completed" && record.conclusion === null) throw validationFailed("CheckRun", "conclusion", "missing_field");
  if (record.status === "completed" && record.completedAt === null) {
    record.completedAt = Date.parse(optionalString(body, "CheckRun", "completed_at") ?? "") || ctx.world.now();
  }
  const detailsUrl = optionalString(body, "CheckRun", "details_url");
  if (detailsUrl !== undefined) record.detailsUrl = detailsUrl;
  const externalId = optionalString(body, "CheckRun", "external_id");
  if (externalId !== undefined) record.externalId = externalId;
  const output = body["output"];
  if (output !== undefined) {
    if (typeof output !== "object" || output === null) throw validationFailed("CheckRun", "output", "invalid");
    const fields = output as Record<string, unknown>;
    const title = optionalString(fields, "CheckRun", "title");
    const summary = optionalString(fields, "CheckRun", "summary");
    if (title === undefined || summary === undefined) throw validationFailed("CheckRun", "output", "missing_field");
    record.output = { title, summary, text: optionalString(fields, "CheckRun", "text") ?? null };
    record.annotations.push(...parseAnnotations(fields["annotations"]));
  }
  return record;
}

/** Check runs, created and updated by the app. */
export const checkRunRoutes: Route[] = [
  {
    method: "POST",
    pattern: "/repos/:owner/:repo/check-runs",
    auth: "installation",
    handle: (ctx) => {
      const repo = repoOf(ctx);
      const body = bodyObject(ctx);
      const name = optionalString(body, "CheckRun", "name");
      const headSha = optionalString(body, "CheckRun", "head_sha");
      if (name === undefined) throw validationFailed("CheckRun", "name", "missing_field");
      if (headSha === undefined || !repo.commits.has(headSha)) throw validationFailed("CheckRun", "head_sha", "invalid");
      const record: CheckRunRecord = {
        id: ctx.world.nextId(),
        repo: repo.fullName,
        name,
        headSha,
        status: "queued",
        conclusion: null,
        detailsUrl: null,
        externalId: null,
        startedAt: ctx.world.now(),
        completedAt: null,
        output: { title: null, summary: null, text: null },
        annotations: [],
      };
      apply(ctx, record);
      ctx.world.checkRuns.set(record.id, record);
      return { status: 201, body: checkRun(ctx.world, record) };
    },
  },
  {
    method: "PATCH",
    pattern: "/repos/:owner/:repo/check-runs/:check_run_id",
    auth: "installation",
    handle: (ctx) => {
      const repo = repoOf(ctx);
      const record = ctx.world.checkRuns.get(intParam(ctx, "check_run_id"));
      if (!record || record.repo !== repo.fullName) throw notFound(`check run ${ctx.params["check_run_id"] ?? ""} in ${repo.fullName}`);
      return { status: 200, body: checkRun(ctx.world, apply(ctx, record)) };
    },
  },
];
