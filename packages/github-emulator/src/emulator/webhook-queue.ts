import { createHmac, randomUUID } from "node:crypto";
import { HookConnection } from "./hook-connection.js";
import { encodePieces, payloadOf, serialisePayload } from "./json-fragment.js";

export interface Delivery {
  id: string;
  event: string;
  action: string | undefined;
  payload: Record<string, unknown>;
  /** The app's HTTP status; 0 on a network error or time-out; null while queued, paused or dropped. */
  status: number | null;
  /** The body of the app's answer when it was no success (GitHub's delivery log keeps it: `response.payload`). */
  failureBody?: string;
  /** Recorded but deliberately never sent (see `dropNextWebhooks`). */
  dropped: boolean;
  at: number;
}

interface Pending {
  delivery: Delivery;
  /**
   * The payload as queued, its shared parts as fragments: serialised when it
   * is prepared, off the queuing (a stream queued at once waits for none of
   * its serialising). The payload's objects are built when queued and never
   * changed, so the bytes are those of the payload as it was then.
   */
  parts: Record<string, unknown>;
  /**
   * Its bytes and signature, made once (see `prepare`): signing and sending
   * read these bytes, with no string to measure and encode again; shared
   * fragments' bytes are not copied.
   */
  ready?: { body: Buffer[]; length: number; signature: string };
}

/** GitHub gives up on a delivery after ten seconds. */
const DELIVERY_TIMEOUT_MS = 10_000;

/**
 * Computes GitHub's `x-hub-signature-256` header value for a raw body.
 *
 * @example
 * signWebhook("secret", '{"a":1}'); // "sha256=…64 hex…"
 */
export function signWebhook(secret: string, body: string | Buffer | readonly Buffer[]): string {
  const hmac = createHmac("sha256", secret);
  for (const piece of typeof body === "string" || Buffer.isBuffer(body) ? [body] : body) hmac.update(piece);
  return `sha256=${hmac.digest("hex")}`;
}

/**
 * Sends webhooks one at a time, in the order they were queued, signed as
 * GitHub signs them. Queuing never waits for sending, so a REST write that
 * causes a webhook answers at once; the app's handler can then write again
 * and queue more.
 *
 * @example
 * const queue = new WebhookQueue({ secret: "s", clock: Date.now, appId: 1 });
 * queue.url = "http://127.0.0.1:3000/api/github/webhooks";
 * queue.enqueue("issues", { action: "opened", ... });
 * await queue.whenIdle();
 */
export class WebhookQueue {
  readonly deliveries: Delivery[] = [];
  url: string | undefined;
  private readonly pending: Pending[] = [];
  private sending = false;
  // One connection kept open, as one hook sends one delivery at a time: a new
  // connection per delivery (and fetch's streams per request) cost the
  // process that hosts both the emulator and the app more than the app's own
  // handling of a webhook it ignores.
  private readonly hook = new HookConnection();
  private paused = false;
  private toDrop = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: { secret: string; clock: () => number; appId: number }) {}

  /** Queues a webhook; values of `parts` may be `JsonFragment`s, whose bytes are reused (`serialisePayload`). */
  enqueue(event: string, parts: Record<string, unknown>): Delivery {
    const payload = payloadOf(parts);
    const action = typeof payload["action"] === "string" ? payload["action"] : undefined;
    const delivery: Delivery = { id: randomUUID(), event, action, payload, status: null, dropped: false, at: this.options.clock() };
    this.deliveries.push(delivery);
    if (this.toDrop > 0) {
      this.toDrop--;
      delivery.dropped = true;
      return delivery;
    }
    // The body is fixed now: the signature must cover exactly the bytes sent later.
    this.pending.push({ delivery, parts });
    this.schedule();
    return delivery;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.schedule();
  }

  dropNext(n: number): void {
    this.toDrop += n;
  }

  stopDropping(): void {
    this.toDrop = 0;
  }

  /** Reverses the order of the webhooks waiting to be sent (held by pause()). */
  reverse(): void {
    this.pending.reverse();
  }

  /** Sends an earlier delivery again, with the same delivery id, as GitHub's "redeliver" does. */
  redeliver(id: string): void {
    const earlier = this.deliveries.find((d) => d.id === id);
    if (!earlier) throw new Error(`no delivery ${id}`);
    const again: Delivery = { ...earlier, status: null, dropped: false, at: this.options.clock() };
    this.deliveries.push(again);
    this.pending.push({ delivery: again, parts: earlier.payload });
    this.schedule();
  }

  /** Set the URL (possibly after webhooks were queued) and start sending. */
  setUrl(url: string): void {
    this.url = url;
    this.schedule();
  }

  /**
   * Nothing is being sent and nothing can be sent now: the queue is empty, or
   * paused, or has nowhere to send to.
   */
  isIdle(): boolean {
    return !this.sending && (this.pending.length === 0 || this.paused || this.url === undefined);
  }

  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Abandons the delivery in flight and everything queued. */
  close(): void {
    this.pending.length = 0;
    this.hook.close();
  }

  private schedule(): void {
    // Deferred so that a REST handler finishes (and answers) before sending starts.
    setImmediate(() => void this.pump());
  }

  private async pump(): Promise<void> {
    if (this.sending || this.paused || this.url === undefined) return this.notifyIfIdle();
    const next = this.pending.shift();
    if (!next) return this.notifyIfIdle();
    this.sending = true;
    next.delivery.status = await this.send(this.url, next);
    if (next.delivery.status >= 300 && this.hook.lastFailureBody !== undefined) next.delivery.failureBody = this.hook.lastFailureBody;
    this.sending = false;
    await this.pump();
  }

  /**
   * Encodes and signs a delivery once. The next one is prepared as soon as a
   * delivery is sent, while its answer is awaited, rather than all of them
   * when the stream is queued or each when its turn comes: a hook that waits
   * for the app's answer has that time to spare.
   */
  private prepare(pending: Pending): { body: Buffer[]; length: number; signature: string } {
    if (!pending.ready) {
      const body = encodePieces(serialisePayload(pending.parts));
      pending.ready = { body, length: body.reduce((sum, piece) => sum + piece.length, 0), signature: signWebhook(this.options.secret, body) };
      pending.parts = {};
    }
    return pending.ready;
  }

  /** POSTs one delivery; resolves with the app's status, or 0 on a network error, an abort or GitHub's time-out. */
  private send(url: string, next: Pending): Promise<number> {
    const { delivery } = next;
    const { body, length, signature } = this.prepare(next);
    const sent = this.hook.send(url, {
      "content-type": "application/json",
      "content-length": length,
      "user-agent": "GitHub-Hookshot/emulator",
      "x-github-event": delivery.event,
      "x-github-delivery": delivery.id,
      "x-github-hook-id": "1",
      "x-github-hook-installation-target-type": "integration",
      "x-github-hook-installation-target-id": String(this.options.appId),
      "x-hub-signature-256": signature,
    }, body, DELIVERY_TIMEOUT_MS);
    const ahead = this.pending[0];
    if (ahead) this.prepare(ahead);
    return sent;
  }

  private notifyIfIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
