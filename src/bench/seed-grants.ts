import { openRecord, sealRecord, type SignedRecord } from "../audit/record-codec.js";
import { renderRecord } from "../audit/render-record.js";
import { createMasker } from "../masking/index.js";
import { SANDBOX_APP } from "../sandbox/start-sandbox.js";
import { APPROVER, ORG, REQUEST_LABEL, TEAM, type BenchWorld, type OpenedRequest } from "./bench-world.js";
import { grantExpiry } from "./grants.js";

/**
 * Seeds live grants fast. One request goes through the real app: opened,
 * approved, granted. Its thread is then replayed onto each further request
 * in memory: people's comments as they were, the app's records re-signed for
 * the new request (its number, its requester, its comment ids, its chain),
 * posted as the app's bot; the status labels copied; the membership added.
 * Going through the app would cost ~20 calls a grant. Every webhook is
 * dropped from the replay on, so only the sweep makes the app look.
 *
 * @example
 * const grants = await seedGrants(world, 10_000, "30d"); // one per requester
 */
export async function seedGrants(world: BenchWorld, count: number, duration: string): Promise<OpenedRequest[]> {
  const { sandbox } = world;
  const { github, config } = sandbox;
  const template: OpenedRequest = { repo: world.repos[0]!, requester: world.requesters[0]!, number: 0 };
  template.number = world.open(template.requester, template.repo, duration);
  await sandbox.settle();
  github.as(APPROVER).comment(template.repo, template.number, "/approve");
  await sandbox.settle();
  if (grantExpiry(sandbox, template) === undefined) throw new Error("the template request was not granted");
  github.dropNextWebhooks(Number.MAX_SAFE_INTEGER);

  const thread = github.comments(template.repo, template.number);
  const labels = github.issue(template.repo, template.number).labels.filter((l) => l !== REQUEST_LABEL);
  const masker = createMasker({ secrets: config.secrets });
  const bot = github.as(`${SANDBOX_APP.slug}[bot]`);
  const seeded = [template];
  for (let i = 1; i < count; i++) {
    const request: OpenedRequest = { repo: world.repos[i % world.repos.length]!, requester: world.requesters[i]!, number: 0 };
    request.number = world.open(request.requester, request.repo, duration);
    const swap = new Map<unknown, unknown>([
      [`${template.repo}#${template.number}`, `${request.repo}#${request.number}`],
      [template.requester, request.requester],
    ]);
    let prev: string | null = null;
    for (const comment of thread) {
      if (!comment.viaApp) {
        swap.set(comment.id, github.as(comment.author).comment(request.repo, request.number, comment.body));
        continue;
      }
      const opened = openRecord(comment.body, config.signingKey);
      if (!opened.ok) throw new Error(`the template's record does not open: ${opened.reason}`);
      const record = { ...(replaced(opened.record, swap) as SignedRecord), prev, at: new Date(world.clock.now()).toISOString() };
      const sealed = sealRecord(masker.mask(renderRecord(record)), record, config.signingKey);
      bot.comment(request.repo, request.number, sealed.body);
      prev = sealed.hash;
    }
    bot.addLabels(request.repo, request.number, labels);
    github.setTeamMember(ORG, TEAM, request.requester, "active");
    seeded.push(request);
  }
  return seeded;
}

/** A copy of a JSON value with every leaf found in `swap` replaced. */
function replaced(value: unknown, swap: Map<unknown, unknown>): unknown {
  if (swap.has(value)) return swap.get(value);
  if (Array.isArray(value)) return value.map((v) => replaced(v, swap));
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaced(v, swap)]));
  return value;
}
