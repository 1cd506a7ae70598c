import type { Logger } from "pino";
import type { Masker } from "./masking/index.js";
import { maskChild } from "./masking/logger.js";

/**
 * What GitHub is told when a webhook handler fails. Probot answers a failed
 * delivery with the error's name and message (and its `status`, when it has
 * one), and GitHub keeps that answer in the hook's delivery log; the app's
 * errors quote GitHub's own answers, which can echo what a person wrote. So
 * the answer is this fixed text, status 500: the delivery shows as failed
 * (redeliver it once the cause is fixed), and the error itself goes to the
 * app's log, masked like every other line.
 */
export class WebhookHandlerFailed extends Error {
  override readonly name = "WebhookHandlerFailed";
  readonly status = 500;

  constructor(readonly delivery: string | undefined) {
    super(`jit-access could not handle this webhook${delivery === undefined ? "" : ` (delivery ${delivery})`}; the app's log says why`);
  }
}

/**
 * Wraps a webhook handler so that its failure reaches GitHub as
 * {@link WebhookHandlerFailed} and the app's log as itself, masked with the
 * masker of the webhook's installation (its policies' own patterns too).
 *
 * @example
 * probot.on("team", failingPlainly(async (context) => { … }, (id) => maskers.forInstallation(id)));
 */
export function failingPlainly<C extends { log: Logger; id?: string; payload?: unknown }>(handler: (context: C) => Promise<void>, maskerFor: (installationId: number) => Masker): (context: C) => Promise<void> {
  return async (context) => {
    try {
      await handler(context);
    } catch (error) {
      const installation = (context.payload as { installation?: { id?: unknown } } | undefined)?.installation?.id;
      const masker = typeof installation === "number" ? maskerFor(installation) : undefined;
      const log = masker ? maskChild(context.log, masker) : context.log;
      log.error({ err: error, delivery: context.id }, "a webhook handler failed; GitHub is told the delivery failed, without the error");
      const answer = new WebhookHandlerFailed(context.id);
      // Fixed words and GitHub's own delivery id; masked all the same, as everything the app sends.
      if (masker) answer.message = masker.mask(answer.message);
      throw answer;
    }
  };
}
