import { startsWithIgnoringCase } from "../chars.js";
import { asciiSet, isIn, runEnd, runStart, WORD } from "../runs.js";
import { plainWordEnd } from "./key-markup.js";
import { BLANKS, COLON, EQUALS, escapedLineBreakAt, QUOTES, skipLineBreak } from "./keyword-value.js";

/*
 * A secret's name and its value in two fields of one entry: Kubernetes'
 * `env` (`- name: DB_PASSWORD` and `value: …` on the next line), ECS task
 * definitions and CloudFormation (`{"name": "API_TOKEN", "value": "…"}`),
 * Postman's exports (`{"key": "api_key", "value": "…"}`), Terraform
 * (`name = "DB_PASSWORD"` and `value = "…"`). The key names no secret; the
 * field it names does. Apart from the keyword rule (keyword-secrets.ts),
 * which reads the value as it reads any.
 */

const COMMA = 44;
/** A field's name. */
const FIELD_NAME = asciiSet("A-Za-z0-9_.-");
/** Fields passed over between the name and `value`: each holds one word or a number (key-markup.ts, `plainWordEnd`). */
const MAX_BETWEEN = 2;

/**
 * True when the key at `keyStart` is the value of a `name` or `key` field
 * (any case): an opening quote, if any, the operator (`:` or `=`), the
 * field's name, whole and quoted or not, before it.
 *
 * @example
 * namesField(new CodeUnits().of('{"name":"DB_PASSWORD"'), 9, 0); // true
 */
export function namesField(units: Uint16Array, keyStart: number, floor: number): boolean {
  let k = keyStart;
  k = runStart(units, k, QUOTES, Math.max(floor, k - 4));
  k = runStart(units, k, BLANKS, Math.max(floor, k - 8));
  if (k <= floor || (units[k - 1] !== COLON && units[k - 1] !== EQUALS)) return false;
  k = runStart(units, k - 1, BLANKS, Math.max(floor, k - 9));
  k = runStart(units, k, QUOTES, Math.max(floor, k - 4));
  const length = units.length;
  if (k - 4 >= floor && startsWithIgnoringCase(units, length, k - 4, "name")) k -= 4;
  else if (k - 3 >= floor && startsWithIgnoringCase(units, length, k - 3, "key")) k -= 3;
  else return false;
  return k === floor || !isIn(WORD, units[k - 1]);
}

/**
 * Past the operator of the `value` field (any case) that follows the key
 * ending at `keyEnd` and its closing quotes: after a comma (JSON, one line
 * or pretty-printed) or on the next line (YAML, Terraform; the line break
 * real or JSON-escaped), past at most two fields whose value is one word
 * or a number (Azure's `"slotSetting":false`, AWS's `"Type":"SecureString"`);
 * -1 when none follows. `valueFrom:` and the like are other fields. The
 * match starts at the value, and the fields passed over are read by no
 * other rule: nothing that may hold an address or a token is passed over
 * (a configured secret that is one plain word would be).
 *
 * @example
 * valueFieldAfter(new CodeUnits().of('"DB_PASSWORD","value":"x"'), 12, 25); // 22
 */
export function valueFieldAfter(units: Uint16Array, keyEnd: number, ceiling: number): number {
  let k = nextField(units, keyEnd, ceiling);
  for (let n = 0; k >= 0; n++) {
    const name = k;
    k = runEnd(units, k, QUOTES, k + 4);
    const nameEnd = runEnd(units, k, FIELD_NAME, Math.min(ceiling, k + 32));
    const value = nameEnd - k === 5 && startsWithIgnoringCase(units, ceiling, k, "value");
    k = nameEnd;
    k = runEnd(units, k, QUOTES, k + 4);
    k = runEnd(units, k, BLANKS, Math.min(ceiling, k + 8));
    if (nameEnd === name || (units[k] !== COLON && units[k] !== EQUALS)) return -1;
    if (value) return k + 1;
    if (n === MAX_BETWEEN) return -1;
    // A field between whose value is one word: passed over.
    k = runEnd(units, k + 1, BLANKS, Math.min(ceiling, k + 9));
    k = runEnd(units, k, QUOTES, k + 4);
    const word = plainWordEnd(units, k, ceiling);
    k = word > k ? nextField(units, word, ceiling) : -1;
  }
  return -1;
}

/** Where the next field's name starts after a field's value ending at `at` (past its closing quotes): after a comma, or on the next line. -1 otherwise. */
function nextField(units: Uint16Array, at: number, ceiling: number): number {
  let k = at;
  for (let n = 0; n < 4 && isIn(QUOTES, units[k]) && !escapedLineBreakAt(units, k); n++) k++;
  k = runEnd(units, k, BLANKS, Math.min(ceiling, k + 8));
  const comma = units[k] === COMMA;
  if (comma) k = runEnd(units, k + 1, BLANKS, Math.min(ceiling, k + 9));
  const next = skipLineBreak(units, k, ceiling);
  if (next === k && !comma) return -1;
  return next === k ? k : runEnd(units, next, BLANKS, Math.min(ceiling, next + 24));
}
