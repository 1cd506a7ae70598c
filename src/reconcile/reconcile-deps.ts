import type { Logger } from "pino";
import type { AuditSink } from "../audit/file-sink.js";
import type { Decision } from "../core/decide.js";
import type { DecisionInput } from "../core/input.js";
import type { PolicyLoad } from "../core/policy.js";
import type { RecordData } from "../core/records.js";
import type { GitHubClient, IssueRef } from "../github/client.js";
import type { PolicyLoader } from "../github/load-policies.js";
import type { Masker } from "../masking/index.js";
import type { GrantIndex } from "./grant-index.js";
import type { ProcessMemory } from "./process-memory.js";
import type { AppIdentity } from "./read-timeline.js";
import type { RequestSource } from "./request-source.js";

export interface ReconcileDeps {
  /** Writes (effects) and policy reads for an installation. */
  github(installationId: number): Promise<GitHubClient>;
  /** What a reconcile reads, for an installation; default: the REST source over `github`. Cached per reconcile by the caller. */
  source?: (installationId: number) => Promise<RequestSource>;
  identity(): Promise<AppIdentity>;
  policies: PolicyLoader;
  grants: GrantIndex;
  /** The masker for an installation's writes and logs: built-ins plus its policies' settings.masking. */
  masker(installationId: number): Masker;
  signingKey: string;
  /** The request label from the configuration; a policy's `settings.request_label` replaces it for its repository. */
  requestLabel: string;
  /** Told of every policy load (org-wide masking, request and approval labels). */
  onPolicies?: (load: PolicyLoad, installationId: number, repo: string) => void;
  now(): number;
  log: Logger;
  /** What this process remembers of each request between reconciles (see ProcessMemory). */
  memory: ProcessMemory;
  /** The write-once copy of every record (AUDIT_LOG_FILE), when configured. */
  auditSink?: AuditSink | undefined;
  /** Takes best-effort writes off the reconcile (they are queued last); the app awaits them when it waits for quiet. */
  later?: (write: Promise<void>) => void;
  /** A timer on the app's clock (see ApplyContext.after). */
  after?: (ms: number, fn: () => void) => { cancel(): void };
  /** Asks for a reconcile of the request at a time (the removal of a grant, the moment its membership exists). */
  wake?: (ref: IssueRef, at: number) => void;
  /** Told of every record written (metrics), with the records before it and the input it was decided on. */
  onRecorded?: (input: DecisionInput, data: RecordData, before: readonly RecordData[]) => void;
  /** Told of every decision once applied (metrics). */
  onSettled?: (request: string, input: DecisionInput, applied: Decision) => void;
}

