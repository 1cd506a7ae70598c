import { createHmac } from "node:crypto";
import type { ApplicationFunction, ApplicationFunctionOptions, Context, Probot } from "probot";
import type { JitAccess, JitAccessOptions } from "./app-types.js";
import { createFileSink } from "./audit/file-sink.js";
import { readConfig, REPOSITORIES_MISSING } from "./config.js";
import { localCoordinator, type Coordinator } from "./coordination/coordinator.js";
import { RedisCoordinator } from "./coordination/redis-coordinator.js";
import { GitHubClient } from "./github/client.js";
import { AppIdentityCache } from "./github/app-identity.js";
import { InstallationLister } from "./github/list-installations.js";
import { ResponseCache } from "./github/response-cache.js";
import { paceWrites } from "./github/pace-writes.js";
import { countCalls } from "./github/count-calls.js";
import { skipEventOctokits } from "./github/event-octokit.js";
import { InstallationOctokits } from "./github/installation-octokits.js";
import { WriteQueue } from "./github/write-queue.js";
import { PolicyLoader } from "./github/load-policies.js";
import type { PolicyLoad } from "./core/policy.js";
import { labelKey } from "./core/records.js";
import { InstallationMaskers } from "./masking/installation-maskers.js";
import { maskChild, maskLogger } from "./masking/logger.js";
import { registerPolicyCheck } from "./policy-check/register-policy-check.js";
import { systemClock } from "./reconcile/clock.js";
import { GrantIndex } from "./reconcile/grant-index.js";
import type { AppIdentity } from "./reconcile/read-timeline.js";
import { issueFingerprint, reconcile, type ReconcileDeps } from "./reconcile/reconcile.js";
import { Scheduler } from "./reconcile/scheduler.js";
import { Sweeper } from "./reconcile/sweep.js";
import { createProcessMemory, memoryKey } from "./reconcile/process-memory.js";
import { glanceRequests } from "./reconcile/glance-requests.js";
import { DriftGuard } from "./reconcile/drift-guard.js";
import { onTeamWebhook, type TeamWebhookPayload } from "./reconcile/drift-webhooks.js";
import { changesNothing, movedTo, requestOf, type WebhookPayload } from "./webhook-filter.js";
import { failingPlainly } from "./webhook-failure.js";
import { AppMetrics } from "./operate/metrics.js";
import { registerOperations } from "./operate/operations.js";
import { FailureLog } from "./operate/failure-log.js";
import { PolicyReadFailures } from "./operate/policy-read-failures.js";

export type { JitAccess, JitAccessOptions } from "./app-types.js";

/** Kubernetes allows 30 s between SIGTERM and SIGKILL; finish well within it. */
const DRAIN_MS = 10_000;

const EVENTS = ["issues", "issue_comment", "pull_request", "pull_request_review"] as const;

/**
 * The Probot app. Webhook handlers do one thing: name the request to
 * reconcile. Everything else happens in `reconcile`.
 *
 * @example
 * const { app, ready } = createJitAccess({ config });
 * await server.load(app);
 * const jit = await ready;
 */
export function createJitAccess(options: JitAccessOptions = {}): { app: ApplicationFunction; ready: Promise<JitAccess> } {
  let resolve!: (jit: JitAccess) => void;
  const ready = new Promise<JitAccess>((r) => (resolve = r));
  const app = (probot: Probot, appOptions?: ApplicationFunctionOptions): void => {
    const config = options.config ?? readConfig();
    const clock = options.clock ?? systemClock;
    // Pseudonyms in hash mode use a key of their own, derived from the signing key.
    const hashKey = createHmac("sha256", config.signingKey).update("jit-access e-mail pseudonyms").digest("hex");
    // Built-in masking for everything; each installation's policy settings only for its own writes and logs.
    const maskers = new InstallationMaskers({ secrets: config.secrets, hashKey });
    const masker = maskers.base;
    // What the process remembers between reconciles, bounded; lost on restart (docs/architecture.md).
    const memory = createProcessMemory(config.requestLabel);
    // Request labels named by policies' settings, besides the configured one.
    const requestLabels = memory.requestLabels;
    // Repositories whose policy settings have been read: until then any issue event there may be a request.
    const settled = memory.settledRepos;
    // Approval labels any loaded policy names (lower case): other labels change nothing.
    const approvalLabels = memory.approvalLabels;
    const onPolicies = (load: PolicyLoad, installationId: number, repo: string) => {
      const settings = load.kind === "ok" ? load.policies.settings : undefined;
      if (settings?.requestLabel) requestLabels.add(labelKey(settings.requestLabel));
      // Policies that cannot be read or are invalid leave the masking they set before: it never loosens on a failure.
      // Nor does a name another repository now holds against its pin (that repository's settings are not the listed one's).
      if (load.kind === "ok" || (load.kind === "missing" && load.pinMismatch !== true)) maskers.adopt(installationId, repo, settings?.masking);
      if (load.kind === "ok") for (const team of load.policies.teams.values()) if (team.approvalLabel) approvalLabels.add(team.approvalLabel.toLowerCase());
      settled.set(memoryKey(installationId, repo), true);
    };
    maskLogger(probot.log, masker);
    // Probot has initialised before it loads an app, so the app's own Octokit is there to take.
    void probot.auth().then(skipEventOctokits);
    const log = probot.log.child({ name: "jit-access" });
    if (config.repositories === undefined) {
      // `probot run` reaches here without npm start's check: production refuses as npm start does.
      if (process.env.NODE_ENV === "production") throw new Error(REPOSITORIES_MISSING);
      log.warn("JIT_ACCESS_REPOSITORIES is not set: the policies of every repository the app is installed on are obeyed; set it to the repositories whose policies count (npm start, jit-access sweep and production require it)");
    }
    const unpinned = (config.repositories ?? []).filter((name) => !config.repositoryIds?.has(name));
    if (unpinned.length > 0) log.info({ unpinned }, "JIT_ACCESS_REPOSITORIES names repositories without their ids: pin each as owner/repo@id (jit-access doctor prints the pins), so that a repository created under the name after a rename or transfer is not obeyed");

    const identity = new AppIdentityCache(() => probot.auth());
    const getIdentity = (): Promise<AppIdentity> => identity.get();
    // One cache of conditional answers for the process: unchanged reads cost no rate limit.
    const responses = new ResponseCache();
    const listings = new ResponseCache();
    // One queue for every installation's writes: removals never wait behind comments.
    const metrics: AppMetrics = new AppMetrics({ writes: () => writes.stats(), now: () => clock.now() });
    const writes = new WriteQueue({ ...options.writes, log, onStart: (kind, waitedMs) => metrics.writeWaited(kind, waitedMs) });
    // A rate-limit answer pauses the queue until a time read on the queue's own clock: GitHub's, which a test or bench may step.
    const pacingNow = options.writes?.timer ? () => options.writes!.timer!.now() : Date.now;
    const octokits = new InstallationOctokits(async (installationId) =>
      countCalls(paceWrites(await probot.auth(installationId), writes, pacingNow), String(installationId), (seen) => metrics.githubCall(seen)));
    const github = async (installationId: number) =>
      new GitHubClient(await octokits.get(installationId), maskers.forInstallation(installationId), responses, String(installationId), listings);

    const coordinator: Coordinator = config.redisUrl ? new RedisCoordinator(config.redisUrl, undefined, undefined, log) : localCoordinator;
    const seen = memory.seen;
    const deps: ReconcileDeps = {
      memory,
      github,
      identity: getIdentity,
      policies: new PolicyLoader(config.policyPath, config.repositories, config.repositoryIds, config.requestLabel),
      grants: new GrantIndex(coordinator, log, (lock, waitedMs) => metrics.lockWaited(lock, waitedMs)),
      masker: (installationId) => maskers.forInstallation(installationId),
      signingKey: config.signingKey,
      requestLabel: config.requestLabel,
      onPolicies,
      now: () => clock.now(),
      log,
      auditSink: config.auditLogFile === undefined ? undefined : createFileSink(config.auditLogFile, config.signingKey, log),
      onRecorded: (input, data, before) => metrics.recorded(input, data, before),
      onSettled: (request, input, applied) => metrics.settled(request, input, applied),
    };
    registerPolicyCheck(probot, { github, policies: deps.policies, log, masker: deps.masker });
    const drift = new DriftGuard({ github, identity: getIdentity, policies: deps.policies, grants: deps.grants, masker: deps.masker, signingKey: config.signingKey, now: () => clock.now(), log,
      // A live grant's membership removed by someone else: its request's own reconcile records it.
      enqueue: (ref) => scheduler.enqueue(ref),
      coordinator,
      onLockWait: (lock, waitedMs) => metrics.lockWaited(lock, waitedMs),
    });
    const driftChecks = new Set<Promise<void>>();
    probot.on(["membership", "team"], failingPlainly(async (context) => {
      const { slug } = await getIdentity();
      const check = onTeamWebhook(drift, context.name, context.payload as TeamWebhookPayload, `${slug}[bot]`, context.log);
      driftChecks.add(check);
      await check.finally(() => driftChecks.delete(check));
    }, deps.masker));
    const failureLog = new FailureLog(log);
    const scheduler = new Scheduler((ref) => metrics.reconcile(() => reconcile(ref, deps)), clock, log, coordinator, {
      onLockWait: (lock, waitedMs) => metrics.lockWaited(lock, waitedMs),
      onFailure: (error) => metrics.reconcileFailed(error),
      failureLog,
      // A failure's message may quote the request: its installation's masking applies.
      logFor: (ref) => maskChild(log.child({}), maskers.forInstallation(ref.installationId)),
    });
    deps.wake = (ref, at) => scheduler.remindAt(ref, at);
    deps.after = (ms, fn) => clock.after(ms, fn);
    // Best-effort writes still queued (labels, close, lock): a reconcile does not wait for them.
    const pending = new Set<Promise<void>>();
    deps.later = (write) => {
      pending.add(write);
      void write.finally(() => pending.delete(write));
    };
    const quiet = async () => {
      do {
        await scheduler.idle();
        await Promise.allSettled([...pending, ...driftChecks]);
      } while (scheduler.busy || pending.size > 0 || driftChecks.size > 0);
    };
    const installations = new InstallationLister();
    const policyReadFailures = new PolicyReadFailures();
    const sweeper = new Sweeper({
      installations: async () => installations.list(await probot.auth()),
      github,
      readSettings: async (client, installationId, owner, repo) => {
        try {
          const load = await deps.policies.load(client, installationId, owner, repo);
          policyReadFailures.read(installationId, `${owner}/${repo}`);
          onPolicies(load, installationId, `${owner}/${repo}`);
          return load.kind !== "missing";
        } catch (error) {
          policyReadFailures.failed(installationId, `${owner}/${repo}`, error instanceof Error ? error.message : String(error));
          throw error;
        }
      },
      measure: (run) => policyReadFailures.during(() => metrics.sweep(run)),
      // Behind webhooks and timers: a new request is answered while a first sweep's thousands wait.
      enqueue: (ref) => scheduler.backlog(ref),
      enqueueNow: (ref) => scheduler.enqueue(ref),
      glance: (client, installationId, owner, repo, candidates) => glanceRequests(client, installationId, owner, repo, candidates, { ...deps, wake: (ref, at) => scheduler.remindAt(ref, at) }),
      wakeups: () => scheduler.wakeups(),
      now: () => clock.now(),
      log,
      memory,
    });

    const operations = registerOperations({
      probot,
      addHandler: appOptions?.addHandler,
      metrics,
      masker,
      coordinator,
      sweeper,
      checkGitHub: async () => void (await identity.fresh()),
      policyReadFailure: () => policyReadFailures.summary(),
      metricsToken: config.metricsToken,
    });

    // One handler for every webhook: Probot builds a context (a child logger among it) for each
    // handler of each webhook, so counting them in a handler of its own cost a second one.
    const requestEvents = new Set<string>(EVENTS);
    const onWebhook = failingPlainly(async (context: Context) => {
      const payload = context.payload as WebhookPayload;
      metrics.webhook(context.name, payload.action);
      if (!requestEvents.has(context.name)) return;
      const moved = context.name === "issues" && payload.action === "transferred" ? movedTo(payload) : undefined;
      if (moved) {
        // The request goes on at its new place, under the name its records carry; its old
        // place holds nothing any more (GitHub answers 404 for its timeline). A grant it held
        // is known under the new place, read or not.
        const from = `${payload.repository!.owner.login}/${payload.repository!.name}#${payload.issue!.number}`;
        deps.grants.move(from, `${moved.owner}/${moved.repo}#${moved.number}`);
        metrics.requests.forget(memoryKey(moved.installationId, from));
        context.log.info({ event: context.name, action: payload.action, request: from, to: `${moved.owner}/${moved.repo}#${moved.number}` }, "webhook: the issue was transferred");
        scheduler.enqueue(moved);
        return;
      }
      const ref = requestOf(payload, requestLabels, settled, (key) => seen.has(key));
      if (!ref) return;
      const { slug } = await getIdentity();
      // The app's own writes come back as webhooks; they change nothing.
      if (payload.sender?.login === `${slug}[bot]`) return;
      const request = `${ref.owner}/${ref.repo}#${ref.number}`;
      if (changesNothing(context.name, payload, requestLabels, approvalLabels, settled.has(memoryKey(ref.installationId, `${ref.owner}/${ref.repo}`)))) {
        context.log.debug({ event: context.name, action: payload.action, request }, "webhook changes nothing a request depends on");
        return;
      }
      context.log.info({ event: context.name, action: payload.action, request }, "webhook");
      // GitHub sends "opened" and "labeled" together for a form with labels: when the
      // reconcile running for the first read the issue as the second shows it, the
      // second needs no run of its own.
      const shown = context.name === "issues" && (payload.action === "labeled" || payload.action === "unlabeled") && payload.issue?.updated_at
        ? issueFingerprint(payload.issue.updated_at, (payload.issue.labels ?? []).map((l) => l.name ?? ""))
        : undefined;
      scheduler.enqueue(ref, shown === undefined ? undefined : () => seen.get(memoryKey(ref.installationId, request)) === shown);
    }, deps.masker);
    // Probot's types give onAny the bare event; what it passes is the Context its transform made.
    probot.onAny((event) => onWebhook(event as unknown as Context));

    let interval: NodeJS.Timeout | undefined;
    const driftSweep = async () => drift.sweep(await installations.list(await probot.auth()));
    const runSweep = () => {
      void sweeper.sweep().catch((error: unknown) => failureLog.failed("sweep", error, "sweep failed; the next one tries again"));
      void driftSweep().catch((error: unknown) => failureLog.failed("sweep", error, "drift sweep failed; the next one tries again"));
    };
    if (options.sweep !== false) {
      setImmediate(runSweep);
      interval = setInterval(runSweep, config.sweepIntervalMs);
      interval.unref();
    }
    resolve({
      drift,
      driftSweep,
      masker,
      maskers,
      scheduler,
      sweeper,
      writes,
      metrics,
      operations,
      log,
      idle: quiet,
      stop: () => {
        clearInterval(interval);
        scheduler.stop();
        void coordinator.close();
      },
      drain: async (boundMs = DRAIN_MS) => {
        const started = Date.now();
        operations.shutDown();
        clearInterval(interval);
        scheduler.stop();
        const running = scheduler.running;
        let bound: NodeJS.Timeout | undefined;
        const finished = await Promise.race([quiet().then(() => true), new Promise<false>((r) => (bound = setTimeout(() => r(false), boundMs)))]);
        clearTimeout(bound);
        // No write may follow the release of its lock: another replica takes over from here.
        const dropped = writes.stats().depth;
        writes.close();
        await deps.auditSink?.flushed();
        const locksReleased = coordinator.holding ?? 0;
        await coordinator.close();
        const drained = { finished, reconcilesRunning: running, reconcilesLeft: scheduler.running, dropped, locksReleased, webhooksRefused: operations.refusedWebhooks, tookMs: Date.now() - started };
        log.info(drained, finished ? "drained" : "drain bound reached; unfinished reconciles are left to the next start or another replica");
      },
    });
  };
  return { app, ready };
}
