/**
 * A value of a webhook payload whose JSON text is made once and shared: the
 * repository, organization, sender and installation objects are most of
 * every payload's bytes and seldom change, so rebuilding and serialising
 * them for each webhook was most of what a webhook cost the emulator.
 */
export class JsonFragment {
  /** `json` is `JSON.stringify(value)`; the value is frozen, since every payload that carries it shares it. */
  readonly json: string;
  constructor(readonly value: Readonly<Record<string, unknown>>) {
    this.json = JSON.stringify(value);
    Object.freeze(value);
  }
}

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
 * The payload as the app receives it, and its JSON text: the same text as
 * `JSON.stringify` of the payload, with each fragment's text reused instead of
 * serialising its value again.
 *
 * @example
 * serialisePayload({ action: "opened", sender: fragment }); // { payload: { action, sender: fragment.value }, text: '{"action":"opened","sender":{…}}' }
 */
export function serialisePayload(parts: Record<string, unknown>): { payload: Record<string, unknown>; text: string } {
  const payload: Record<string, unknown> = {};
  let text = "";
  for (const key of Object.keys(parts)) {
    const part = parts[key];
    const value = part instanceof JsonFragment ? part.value : part;
    payload[key] = value;
    const json = part instanceof JsonFragment ? part.json : (JSON.stringify(part) as string | undefined);
    // JSON.stringify leaves out keys whose value has no JSON (undefined, functions).
    if (json === undefined) continue;
    text += `${text === "" ? "{" : ","}${JSON.stringify(key)}:${json}`;
  }
  return { payload, text: text === "" ? "{}" : `${text}}` };
}
