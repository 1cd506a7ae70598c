import { secretPlaceholder, type Span } from "../scan.js";
import { entropy, isPlaceholder } from "./entropy.js";
import { spellsValue } from "./assignment-operators.js";
import { afterQuote, VALUE_LIMIT } from "./keyword-value.js";
import { MIN_VALUE } from "./secret-like.js";

/*
 * The value of an XML `value` attribute after a key attribute that names a
 * password: NuGet's `<add key="ClearTextPassword" value="…" />`. There the
 * markup itself says the value is a password, so a word is one too
 * (`TestSourcePassword`), as gitleaks' nuget-config-password rule reads it:
 * eight characters or more with some entropy. Left alone, as that rule leaves
 * them: an environment variable (`%NUGET_PASSWORD%`), stand-ins (`XXXXXXXX`),
 * and the two sample passwords of Microsoft's nuget.config reference.
 */

const QUOTE = 34;
const PERCENT = 37;
const BACKSLASH = 92;
const PUBLISHED_SAMPLES = new Set(["33f!!lloppa", "hal+9ooo_da!sY"]);
// Templates and our own placeholders: `$VAR`, `${VAR}`, `{{ var }}`, `<your-password>`, `[secret:password]`.
const TEMPLATE_STARTS = new Set([36, 123, 60, 91]);

/**
 * True when `value` starts at `at`, right after a blank and the closing quote
 * of a `key` attribute whose value starts at `keyStart` (NuGet's
 * `<add key="ClearTextPassword" value`, also JSON-escaped). Other attributes
 * (`<input type="password" value="Sign in">`, `name="password"`) are no key.
 *
 * @example
 * isValueAttribute(new CodeUnits().of('<add key="Password" value="x"'), 20, 10); // true
 */
export function isValueAttribute(units: Uint16Array, at: number, keyStart: number): boolean {
  let k = at - 1;
  while (k > 0 && (units[k] === 32 || units[k] === 9)) k--;
  if (k === at - 1 || units[k] !== QUOTE) return false;
  if (!spellsValue(units, at)) return false;
  // `key=` and the opening quote (JSON-escaped: `key=\"`) before the key's value.
  let q = keyStart - 1;
  if (units[q] !== QUOTE) return false;
  q--;
  while (q > 0 && units[q] === BACKSLASH) q--;
  if (units[q] !== 61 /* = */ || q < 4) return false;
  return units[q - 3] === 107 && units[q - 2] === 101 && units[q - 1] === 121 && (units[q - 4] === 32 || units[q - 4] === 9); // ␠key
}

/**
 * The span of the double-quoted attribute value that starts at `from`: the
 * keyword rule's own reading (`judged`) unless the value is one of the
 * published samples, otherwise the value if it is a password by the reading
 * above; null when it is none.
 *
 * @example
 * passwordAttributeSpan(text, new CodeUnits().of(text), 37, text.length, null); // text: `<add key="ClearTextPassword" value="TestSourcePassword" />`
 */
export function passwordAttributeSpan(text: string, units: Uint16Array, from: number, ceiling: number, judged: Span | null): Span | null {
  if (units[from - 1] !== QUOTE) return judged;
  const limit = Math.min(ceiling, from + VALUE_LIMIT.max);
  let end = from;
  while (end < limit && units[end] !== QUOTE && units[end] !== 10 && units[end] !== BACKSLASH) end++;
  // The closing quote, also JSON-escaped (`value=\"…\"` in a log line).
  if (end >= limit || afterQuote(units, end) === end) return judged;
  if (PUBLISHED_SAMPLES.has(text.slice(from, end))) return null;
  if (judged !== null || end - from < MIN_VALUE) return judged;
  const first = units[from]!;
  if (TEMPLATE_STARTS.has(first) || (first === PERCENT && units[end - 1] === PERCENT)) return null;
  // Words with blanks between are prose (`Enter your password`), not a password.
  for (let i = from; i < end; i++) if (units[i] === 32 || units[i] === 9) return null;
  if (isPlaceholder(units, from, end) || entropy(units, from, end) < 1) return null;
  return { start: from, end, replacement: secretPlaceholder("password") };
}
