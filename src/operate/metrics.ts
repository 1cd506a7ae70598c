import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { DecisionInput } from "../core/input.js";
import type { RecordData } from "../core/records.js";
import type { Decision } from "../core/decide.js";
import type { WriteKind, WriteQueueStats } from "../github/write-queue.js";
import { failureCause } from "./failure-cause.js";
import { grantOf, RequestStates } from "./request-states.js";
import type { LockKind } from "../coordination/wait-exclusive.js";

const PREFIX = "jit_access_";
/** Seconds: from a webhook's worth of work (under a second) to a grant that waited out GitHub's pacing or a lock (minutes). */
const LATENCY_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900];
/** Record events counted as decisions: what a person or an auditor would ask "how many?" about. */
const DECISIONS = new Set(["granted", "denied", "expired", "revoked", "tampered", "attempt-refused", "refused", "timed-out", "withdrawn", "extended", "grant-failed", "revoke-failed", "removed-early"]);

/**
 * Node's default process metrics (CPU, memory, event-loop lag, GC), once per
 * process: they describe the process, and each collection keeps observers
 * running for good, so every app instance shares the one registry.
 */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, prefix: PREFIX });
  }
  return processRegistry;
}

/**
 * The app's Prometheus metrics, in a registry of its own (one per app
 * instance, so two apps in one process, as tests run them, never collide),
 * served with Node's default process metrics (see `text`). Labels never carry a login, an issue
 * number or an expanded path: team slugs, states, event names, route
 * templates and status codes only.
 *
 * @example
 * const metrics = new AppMetrics();
 * metrics.webhook("issues", "opened");
 * await metrics.text(); // what Prometheus scrapes
 */
export class AppMetrics {
  readonly registry = new Registry();
  readonly requests = new RequestStates();
  private readonly decisions: Counter<"kind">;
  private readonly grantLatency: Histogram;
  private readonly removalLag: Histogram;
  private readonly reconcileDuration: Histogram<"outcome">;
  private readonly reconcileErrors: Counter<"cause">;
  private readonly webhooks: Counter<"event" | "action">;
  private readonly githubCalls: Counter<"method" | "route" | "status">;
  private readonly rateLimit: Gauge<"installation" | "resource">;
  private readonly revocationFailures: Counter;
  private readonly sweepDuration: Histogram<"outcome">;
  private readonly sweepListed: Counter;
  private readonly sweepEnqueued: Counter;
  private readonly writeWait: Histogram<"kind">;
  private readonly lockWait: Histogram<"lock">;
  private readonly now: () => number;

  constructor(options: { writes?: () => WriteQueueStats; now?: () => number } = {}) {
    const registers = [this.registry];
    const now = (this.now = options.now ?? Date.now);
    const requests = this.requests;
    countsGauge(registers, "requests", "Open requests this process has reconciled, by state (ended requests leave the gauge; see jit_access_decisions_total)", "state", () => requests.byState());
    countsGauge(registers, "live_grants", "Memberships the app holds for a grant now (granted, or owing a removal), by team", "team", () => requests.liveByTeam());
    new Gauge({
      name: `${PREFIX}removals_owed`,
      help: "Requests whose membership must go and has not yet: expired and not removed, or a removal that failed",
      registers,
      collect() {
        this.set(requests.owingRemoval(now()));
      },
    });
    this.decisions = new Counter({ name: `${PREFIX}decisions_total`, help: "Decisions recorded in the audit trail, by kind (the record's event)", labelNames: ["kind"], registers });
    this.grantLatency = new Histogram({ name: `${PREFIX}grant_latency_seconds`, help: "From the final approval to the membership being added", buckets: LATENCY_BUCKETS, registers });
    this.removalLag = new Histogram({ name: `${PREFIX}removal_lag_seconds`, help: "From a grant's expiry to its membership being removed", buckets: LATENCY_BUCKETS, registers });
    this.revocationFailures = new Counter({ name: `${PREFIX}revocation_failures_total`, help: "Membership removals GitHub did not carry out (any answer but 2xx or 404)", registers });
    this.reconcileDuration = new Histogram({ name: `${PREFIX}reconcile_duration_seconds`, help: "How long one reconcile took, by outcome (ok or error)", labelNames: ["outcome"], buckets: LATENCY_BUCKETS, registers });
    this.reconcileErrors = new Counter({ name: `${PREFIX}reconcile_errors_total`, help: "Reconciles that failed (and will be retried), by cause", labelNames: ["cause"], registers });
    this.webhooks = new Counter({ name: `${PREFIX}webhooks_total`, help: "Webhooks received, by event and action", labelNames: ["event", "action"], registers });
    this.githubCalls = new Counter({ name: `${PREFIX}github_requests_total`, help: "Requests to GitHub's REST API, by method, route template and status (\"none\": no answer)", labelNames: ["method", "route", "status"], registers });
    this.rateLimit = new Gauge({ name: `${PREFIX}github_rate_limit_remaining`, help: "x-ratelimit-remaining of GitHub's latest answer, by installation and rate-limit resource", labelNames: ["installation", "resource"], registers });
    this.sweepDuration = new Histogram({ name: `${PREFIX}sweep_duration_seconds`, help: "How long one sweep took, by outcome (ok or error)", labelNames: ["outcome"], buckets: LATENCY_BUCKETS, registers });
    this.sweepListed = new Counter({ name: `${PREFIX}sweep_listed_total`, help: "Issues the sweeps listed", registers });
    this.sweepEnqueued = new Counter({ name: `${PREFIX}sweep_reconciled_total`, help: "Issues the sweeps asked to reconcile (changed or due)", registers });
    const writes = options.writes;
    countsGauge(registers, "write_queue_depth", "Writes waiting in the process's write queue, by kind", "kind", () => new Map(Object.entries(writes?.().depth ?? {})));
    this.writeWait = new Histogram({ name: `${PREFIX}write_wait_seconds`, help: "How long a write waited in the queue for its turn, by kind", labelNames: ["kind"], buckets: LATENCY_BUCKETS, registers });
    this.lockWait = new Histogram({ name: `${PREFIX}lock_wait_seconds`, help: "How long a reconcile or a drift check waited for a lock another replica held (REDIS_URL), by lock kind", labelNames: ["lock"], buckets: LATENCY_BUCKETS, registers });
  }

  /** The exposition text: the process's default metrics and this app's. */
  text(): Promise<string> {
    return Registry.merge([processMetrics(), this.registry]).metrics();
  }

  /** The exposition format's content type. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Counts a webhook. */
  webhook(event: string, action: string | undefined): void {
    this.webhooks.inc({ event, action: action ?? "" });
  }

  /** Counts a record GitHub now has, and the latency it ends: final approval to membership, expiry to removal. */
  recorded(input: DecisionInput, data: RecordData, before: readonly RecordData[]): void {
    if (DECISIONS.has(data.event)) this.decisions.inc({ kind: data.event });
    const now = this.now();
    if (data.event === "granted") {
      const approvedAt = finalApprovalAt(input, before);
      if (approvedAt !== undefined) this.grantLatency.observe(Math.max(0, now - approvedAt) / 1000);
    }
    if (data.event === "expired" && data.removed) {
      const expiresAt = grantOf(before).expiresAt;
      if (expiresAt !== undefined) this.removalLag.observe(Math.max(0, now - expiresAt) / 1000);
    }
  }

  /** Notes a request's state after a reconcile, for the gauges. */
  settled(request: string, input: DecisionInput, applied: Decision): void {
    const written = applied.effects.flatMap((e) => (e.kind === "record" ? [e.data] : []));
    this.requests.settle(request, applied.state, grantOf([...input.records.map((r) => r.data), ...written]));
  }

  /** Times one reconcile (its lock taken). */
  async reconcile<T>(run: () => Promise<T>): Promise<T> {
    const end = this.reconcileDuration.startTimer();
    try {
      const value = await run();
      end({ outcome: "ok" });
      return value;
    } catch (error) {
      end({ outcome: "error" });
      throw error;
    }
  }

  /** Counts a failed reconcile by cause, a lock that could not be taken (Redis away) included. */
  reconcileFailed(error: unknown): void {
    this.reconcileErrors.inc({ cause: failureCause(error) });
  }

  /** Times one sweep and counts what it listed and enqueued. */
  async sweep(run: () => Promise<{ listed: number; enqueued: number }>): Promise<{ listed: number; enqueued: number }> {
    const end = this.sweepDuration.startTimer();
    try {
      const result = await run();
      end({ outcome: "ok" });
      this.sweepListed.inc(result.listed);
      this.sweepEnqueued.inc(result.enqueued);
      return result;
    } catch (error) {
      end({ outcome: "error" });
      throw error;
    }
  }

  /** Counts one answer from GitHub (status "none" when there was no answer) and the rate limit it reported. */
  githubCall(call: { method: string; route: string; status: number | undefined; installation: string; remaining?: number; resource?: string; removal: boolean }): void {
    const status = call.status === undefined ? "none" : String(call.status);
    this.githubCalls.inc({ method: call.method, route: call.route, status });
    if (call.remaining !== undefined) this.rateLimit.set({ installation: call.installation, resource: call.resource ?? "core" }, call.remaining);
    if (call.removal && !(call.status !== undefined && (call.status < 300 || call.status === 404))) this.revocationFailures.inc();
  }

  /** How long a write waited for its turn. */
  writeWaited(kind: WriteKind, waitedMs: number): void {
    this.writeWait.observe({ kind }, waitedMs / 1000);
  }

  /** How long a reconcile or a drift check waited for a lock another replica held. */
  lockWaited(lock: "issue" | LockKind, waitedMs: number): void {
    this.lockWait.observe({ lock }, waitedMs / 1000);
  }
}

/** A gauge whose values, one per label value, are counted afresh at each scrape. */
function countsGauge(registers: Registry[], name: string, help: string, label: string, counts: () => Map<string, number>): void {
  new Gauge({
    name: `${PREFIX}${name}`,
    help,
    labelNames: [label],
    registers,
    collect() {
      this.reset();
      for (const [value, count] of counts()) this.set({ [label]: value }, count);
    },
  });
}

/**
 * When the final approval was made: the latest act in the timeline by one of
 * the approvers the latest `approved` record names (a grant's `approved`
 * record always comes before it, written in the same run or earlier).
 */
function finalApprovalAt(input: DecisionInput, before: readonly RecordData[]): number | undefined {
  const approved = before.filter((d) => d.event === "approved").at(-1);
  if (approved?.event !== "approved") return undefined;
  const approvers = new Set(approved.approvers.map((login) => login.toLowerCase()));
  let latest: number | undefined;
  for (const item of input.timeline) {
    const who = "author" in item ? item.author : "actor" in item ? item.actor : undefined;
    if (who && approvers.has(who.login.toLowerCase()) && item.at <= input.now) latest = Math.max(latest ?? item.at, item.at);
  }
  return latest;
}
