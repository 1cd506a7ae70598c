import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApplicationFunctionOptions, Probot } from "probot";
import type { Coordinator } from "../coordination/coordinator.js";
import type { Masker } from "../masking/index.js";
import type { Sweeper } from "../reconcile/sweep.js";
import type { AppMetrics } from "./metrics.js";
import { Readiness } from "./readiness.js";
import { operateRoutes } from "./routes.js";
import { quietWebhookAccessLine } from "./webhook-access-line.js";

export interface OperationsDeps {
  probot: Probot;
  /** Probot's `addHandler` (absent when the app is loaded without a server). */
  addHandler: ApplicationFunctionOptions["addHandler"] | undefined;
  metrics: AppMetrics;
  masker: Masker;
  coordinator: Coordinator;
  sweeper: Sweeper;
  /** Authenticates as the app afresh (GET /app); throws when GitHub refuses the key. */
  checkGitHub(): Promise<void>;
  /** What went wrong the last time policies could not be read from GitHub, if it did. */
  policyReadFailure(): string | undefined;
  /** JIT_ACCESS_METRICS_TOKEN, when set: `/metrics` answers only its bearer. */
  metricsToken?: string | undefined;
}

/** The operator's view of a running app. */
export interface Operations {
  readiness: Readiness;
  /** Webhooks answered 503 since the shutdown began. */
  readonly refusedWebhooks: number;
  /** From now on, webhooks are answered 503 (GitHub keeps them for redelivery) and /readyz says not ready. */
  shutDown(): void;
}

/**
 * Wires what an operator needs onto Probot's server: `/metrics`, `/healthz`,
 * `/readyz` (webhooks are counted by the app's own handler), and webhooks refused with 503 once
 * the process is shutting down. Probot runs its webhook middleware before
 * any handler an app adds, so the refusal wraps that middleware itself.
 *
 * @example
 * const operations = registerOperations({ probot, addHandler, metrics, masker, coordinator, sweeper, checkGitHub, policyReadFailure });
 * operations.shutDown(); // on SIGTERM
 */
export function registerOperations(deps: OperationsDeps): Operations {
  const { probot, metrics, masker } = deps;
  let shuttingDown = false;
  let refused = 0;
  const middleware = probot.getNodeMiddleware.bind(probot);
  probot.getNodeMiddleware = async (options) => {
    const handle = await middleware(options);
    return (req: IncomingMessage, res: ServerResponse, next?: Parameters<typeof handle>[2]) => {
      const webhook = req.method === "POST" && req.headers["x-github-event"] !== undefined;
      if (webhook) quietWebhookAccessLine(res);
      if (shuttingDown && webhook) {
        refused++;
        res.writeHead(503, { "content-type": "application/json", "retry-after": "30" }).end(JSON.stringify({ error: "jit-access is shutting down; the next sweep or another replica picks this change up" }));
        return Promise.resolve(true);
      }
      return handle(req, res, next);
    };
  };
  const readiness = new Readiness(
    [
      { name: "github", run: () => deps.checkGitHub() },
      {
        name: "policies",
        run: () => {
          const failure = deps.policyReadFailure();
          if (failure !== undefined) throw new Error(`policies could not be read from GitHub: ${failure}`);
        },
      },
      ...(deps.coordinator.check ? [{ name: "redis", run: () => deps.coordinator.check!() }] : []),
      {
        name: "sweep",
        run: () => {
          if (!deps.sweeper.swept) throw new Error("the first sweep has not finished: open requests may not all be known yet");
        },
      },
    ],
    masker,
  );
  try {
    deps.addHandler?.(operateRoutes({ metrics, readiness, masker, shuttingDown: () => shuttingDown, metricsToken: deps.metricsToken }));
  } catch (error) {
    // Loaded without a server (`jit-access sweep`): Probot's addHandler says so by throwing; there is nothing to serve.
    if (!(error instanceof Error && error.message === "No server instance")) throw error;
  }
  return {
    readiness,
    get refusedWebhooks() {
      return refused;
    },
    shutDown() {
      shuttingDown = true;
    },
  };
}
