/**
 * The keys that occur twice in one object of a JSON text, in order.
 * `JSON.parse` keeps the last of two equal keys without a word, and log
 * readers differ on which one they keep, so a log line must not have any.
 * The text must be valid JSON (parse it first).
 *
 * @example
 * duplicateKeys('{"name":"probot","name":"jit-access"}'); // ["name"]
 * duplicateKeys('{"a":{"b":1},"b":[{"b":2}]}');            // []
 */
export function duplicateKeys(json: string): string[] {
  const found: string[] = [];
  // One frame per open object (its keys, and whether a key comes next) or array (null).
  const frames: ({ keys: Set<string>; keyNext: boolean } | null)[] = [];
  for (let i = 0; i < json.length; i++) {
    const ch = json[i];
    if (ch === '"') {
      let end = i + 1;
      while (end < json.length && json[end] !== '"') end += json[end] === "\\" ? 2 : 1;
      const frame = frames.at(-1);
      if (frame?.keyNext) {
        const key = JSON.parse(json.slice(i, end + 1)) as string;
        if (frame.keys.has(key)) found.push(key);
        frame.keys.add(key);
        frame.keyNext = false;
      }
      i = end;
    } else if (ch === "{") frames.push({ keys: new Set(), keyNext: true });
    else if (ch === "[") frames.push(null);
    else if (ch === "}" || ch === "]") frames.pop();
    else if (ch === ",") {
      const frame = frames.at(-1);
      if (frame) frame.keyNext = true;
    }
  }
  return found;
}
