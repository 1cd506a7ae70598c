import { pino, symbols, type DestinationStream, type Logger } from "pino";
import type { Masker } from "./index.js";

/**
 * A pino destination that masks each serialised line before it is written.
 * Masking the finished line covers every field, nested objects, error
 * messages and stacks alike: nothing reaches the destination unmasked.
 *
 * @example
 * const log = pino({}, maskingDestination(createMasker()));
 */
export function maskingDestination(
  masker: Masker,
  destination: DestinationStream = pino.destination({ fd: 1, sync: true }),
): DestinationStream {
  return {
    write(line: string) {
      destination.write(masker.mask(line));
    },
  };
}

/**
 * A new logger whose every line passes through the masker.
 *
 * @example
 * const log = createMaskedLogger(createMasker(), { level: "info" });
 */
export function createMaskedLogger(
  masker: Masker,
  options: { level?: string; destination?: DestinationStream; name?: string } = {},
): Logger {
  return pino(
    { level: options.level ?? "info", name: options.name ?? "jit-access" },
    maskingDestination(masker, options.destination),
  );
}

/**
 * Routes an existing logger — and every logger that shares its root, such as
 * Probot's own (HTTP request logging included) — through the masker. pino
 * children inherit the destination from their parent's prototype, so
 * replacing it on the root covers loggers created before and after.
 *
 * @example
 * maskLogger(app.log, masker); // inside the Probot app function
 */
export function maskLogger(logger: Logger, masker: Masker): void {
  const key = symbols.streamSym as unknown as keyof Logger;
  let owner: object = logger;
  for (let p: object | null = logger; p !== null; p = Object.getPrototypeOf(p) as object | null) {
    if (Object.prototype.hasOwnProperty.call(p, key)) owner = p;
  }
  const record = owner as Record<PropertyKey, unknown>;
  const current = record[key] as DestinationStream & { [MASKED]?: true };
  if (current[MASKED]) return;
  const wrapped = Object.assign(maskingDestination(masker, current), { [MASKED]: true as const });
  record[key] = wrapped;
  // Children created earlier hold their own reference when pino copied it.
  for (let p: object | null = logger; p !== null && p !== owner; p = Object.getPrototypeOf(p) as object | null) {
    if (Object.prototype.hasOwnProperty.call(p, key)) (p as Record<PropertyKey, unknown>)[key] = wrapped;
  }
}

const MASKED = Symbol("jit-access.masked");
