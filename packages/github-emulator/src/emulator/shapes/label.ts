import type { LabelRecord, RepoRecord } from "../model.js";
import { nodeId } from "../time.js";
import type { World } from "../world.js";

/**
 * GitHub's `label`.
 *
 * @example
 * label(world, repo, record).url; // ".../repos/acme/access/labels/access%3Apending"
 */
export function label(world: World, repo: RepoRecord, record: LabelRecord): Record<string, unknown> {
  return {
    id: record.id,
    node_id: nodeId("Label", record.id),
    url: `${world.apiUrl}/repos/${repo.fullName}/labels/${encodeURIComponent(record.name)}`,
    name: record.name,
    color: record.color,
    default: false,
    description: record.description,
  };
}
