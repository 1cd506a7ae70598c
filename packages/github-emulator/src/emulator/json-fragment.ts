/**
 * A value of a webhook payload whose JSON text is made once and shared: the
 * repository, organization, sender and installation objects are most of
 * every payload's bytes and seldom change, so rebuilding and serialising
 * them for each webhook was most of what a webhook cost the emulator.
 */
export class JsonFragment {
  /** `json` is `JSON.stringify(value)` and `bytes` its UTF-8; the value is frozen, since every payload that carries it shares it. */
  readonly json: string;
  readonly bytes: Buffer;
  constructor(readonly value: Readonly<Record<string, unknown>>) {
    this.json = JSON.stringify(value);
    this.bytes = Buffer.from(this.json);
    Object.freeze(value);
  }
}

/** A payload's JSON text in order: text made for this payload, and fragments' bytes made once and shared. */
export type JsonPieces = readonly (string | JsonFragment)[];

/** One cached fragment per record, with the inputs it was built from. */
const cache = new WeakMap<object, { inputs: string; fragment: JsonFragment }>();

/**
 * The fragment for `record`, built again only when `inputs` changed. The
 * inputs must name everything the shape reads (see `repositoryInputs` and its
 * kind beside each shape): a stale fragment would be a payload GitHub never
 * sends.
 *
 * @example
 * const sender = cachedFragment(user, simpleUserInputs(world, user), () => simpleUser(world, user));
 */
export function cachedFragment(record: object, inputs: string, build: () => Record<string, unknown>): JsonFragment {
  const known = cache.get(record);
  if (known?.inputs === inputs) return known.fragment;
  const fragment = new JsonFragment(build());
  cache.set(record, { inputs, fragment });
  return fragment;
}

/**
 * The payload as the app receives it: each fragment stands for its value.
 *
 * @example
 * payloadOf({ action: "opened", sender: fragment }); // { action: "opened", sender: fragment.value }
 */
export function payloadOf(parts: Record<string, unknown>): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  for (const key of Object.keys(parts)) {
    const part = parts[key];
    payload[key] = part instanceof JsonFragment ? part.value : part;
  }
  return payload;
}

/**
 * The payload's JSON text in pieces: together the same text as
 * `JSON.stringify(payloadOf(parts))`, with each fragment's text reused
 * instead of serialising its value again.
 *
 * @example
 * serialisePayload({ action: "opened", sender: fragment }); // ['{"action":"opened","sender":', fragment, "}"]
 */
export function serialisePayload(parts: Record<string, unknown>): JsonPieces {
  const pieces: (string | JsonFragment)[] = [];
  let text = "";
  for (const key of Object.keys(parts)) {
    const part = parts[key];
    const json = part instanceof JsonFragment ? "" : (JSON.stringify(part) as string | undefined);
    // JSON.stringify leaves out keys whose value has no JSON (undefined, functions).
    if (json === undefined) continue;
    text += `${pieces.length === 0 && text === "" ? "{" : ","}${JSON.stringify(key)}:${json}`;
    if (part instanceof JsonFragment) {
      pieces.push(text, part);
      text = "";
    }
  }
  pieces.push(pieces.length === 0 && text === "" ? "{}" : `${text}}`);
  return pieces;
}

/**
 * The pieces' bytes: text encoded now, fragments' bytes as made once.
 *
 * @example
 * Buffer.concat(encodePieces(serialisePayload(parts))).toString(); // JSON.stringify(payloadOf(parts))
 */
export function encodePieces(pieces: JsonPieces): Buffer[] {
  return pieces.map((piece) => (piece instanceof JsonFragment ? piece.bytes : Buffer.from(piece)));
}
