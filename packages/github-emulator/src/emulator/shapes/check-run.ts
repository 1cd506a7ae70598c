import type { CheckRunRecord } from "../model.js";
import { isoTime, nodeId } from "../time.js";
import type { World } from "../world.js";
import { integration } from "./app.js";

/**
 * GitHub's `check-run`; the annotations themselves live behind `annotations_url`.
 *
 * @example
 * checkRun(world, record).output.annotations_count; // 3
 */
export function checkRun(world: World, record: CheckRunRecord): Record<string, unknown> {
  const url = `${world.apiUrl}/repos/${record.repo}/check-runs/${record.id}`;
  const time = (ms: number | null): string | null => (ms === null ? null : isoTime(ms));
  return {
    id: record.id,
    node_id: nodeId("CheckRun", record.id),
    head_sha: record.headSha,
    external_id: record.externalId,
    url,
    html_url: `${world.htmlUrl}/${record.repo}/runs/${record.id}`,
    details_url: record.detailsUrl,
    status: record.status,
    conclusion: record.conclusion,
    started_at: time(record.startedAt),
    completed_at: time(record.completedAt),
    output: { ...record.output, annotations_count: record.annotations.length, annotations_url: `${url}/annotations` },
    name: record.name,
    check_suite: { id: record.id + 1_000_000 },
    app: integration(world),
    pull_requests: [],
  };
}
