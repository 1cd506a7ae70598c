import { openRecord, sealRecord, type SignedRecord } from "jit-access/internal/audit/record-codec.js";
import { renderRecord } from "jit-access/internal/audit/render-record.js";
import type { CommentView } from "github-emulator/emulator/index.js";
import { createMasker, type Masker } from "jit-access/internal/masking/index.js";
import { SANDBOX_APP } from "github-emulator/sandbox/start-sandbox.js";
import { APPROVER, ORG, REQUEST_LABEL, TEAM, openRequests, type BenchWorld, type OpenedRequest } from "./bench-world.js";
import { grantExpiry } from "./grants.js";

/**
 * Seeds live grants fast, one per requester. One request goes through the
 * real app: opened, approved, granted. Its thread is then replayed onto each
 * further request in memory: people's comments as they were, the app's
 * records re-signed for the new request (its number, its requester by login
 * and id, its comment ids, its chain) and posted as the app's bot; the status labels
 * copied; the membership added. Through the app it would cost ~20 calls a
 * grant. Every webhook is dropped from the replay on, so only a sweep makes
 * the app look.
 *
 * @example
 * const grants = await seedGrants(world, 10_000, "30d");
 */
export async function seedGrants(world: BenchWorld, count: number, duration: string): Promise<OpenedRequest[]> {
  const { sandbox } = world;
  const { github } = sandbox;
  const template = openRequests(world, world.requesters.slice(0, 1), duration)[0]!;
  await sandbox.settle();
  github.as(APPROVER).comment(template.repo, template.number, "/approve");
  await sandbox.settle();
  if (grantExpiry(sandbox, template) === undefined) throw new Error("the template request was not granted");
  github.dropNextWebhooks(Number.MAX_SAFE_INTEGER);

  const thread = github.comments(template.repo, template.number);
  const labels = github.issue(template.repo, template.number).labels.filter((l) => l !== REQUEST_LABEL);
  const masker = createMasker({ secrets: sandbox.config.secrets });
  const others = openRequests(world, world.requesters.slice(1, count), duration);
  for (const request of others) {
    replayThread(world, thread, template, request, masker);
    github.as(`${SANDBOX_APP.slug}[bot]`).addLabels(request.repo, request.number, labels);
    github.setTeamMember(ORG, TEAM, request.requester, "active");
  }
  return [template, ...others];
}

/** Posts the template's thread on `request`, the app's records re-signed for it. */
function replayThread(world: BenchWorld, thread: readonly CommentView[], template: OpenedRequest, request: OpenedRequest, masker: Masker): void {
  const { github, config } = world.sandbox;
  const swap = new Map<unknown, unknown>([
    [`${template.repo}#${template.number}`, `${request.repo}#${request.number}`],
    [template.requester, request.requester],
    // Records name the requester by numeric id too: a grant belongs to that account.
    [github.userId(template.requester), github.userId(request.requester)],
  ]);
  let prev: string | null = null;
  for (const comment of thread) {
    if (!comment.viaApp) {
      // Records name the comments they answer (approvals by their id): those ids change too.
      swap.set(comment.id, github.as(comment.author).comment(request.repo, request.number, comment.body));
      continue;
    }
    const opened = openRecord(comment.body, config.signingKey);
    if (!opened.ok) throw new Error(`the template's record does not open: ${opened.reason}`);
    const record = { ...(replaced(opened.record, swap) as SignedRecord), prev, at: new Date(world.clock.now()).toISOString() };
    const sealed = sealRecord(masker.mask(renderRecord(record)), record, config.signingKey);
    github.as(`${SANDBOX_APP.slug}[bot]`).comment(request.repo, request.number, sealed.body);
    prev = sealed.hash;
  }
}

/** A copy of a JSON value with every leaf found in `swap` replaced. */
function replaced(value: unknown, swap: Map<unknown, unknown>): unknown {
  if (swap.has(value)) return swap.get(value);
  if (Array.isArray(value)) return value.map((v) => replaced(v, swap));
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaced(v, swap)]));
  return value;
}
