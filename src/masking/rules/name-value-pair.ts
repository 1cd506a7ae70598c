import { startsWithIgnoringCase } from "../chars.js";
import { asciiSet, isIn, runEnd } from "../runs.js";
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
/** Characters that may stand before a field's name: it is a whole word, not the end of one (`ParameterKey`). */
const WORD = asciiSet("A-Za-z0-9_");

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
  for (let n = 0; n < 4 && k > floor && isIn(QUOTES, units[k - 1]); n++) k--;
  k = blanksBack(units, k, floor);
  if (k <= floor || (units[k - 1] !== COLON && units[k - 1] !== EQUALS)) return false;
  k = blanksBack(units, k - 1, floor);
  for (let n = 0; n < 4 && k > floor && isIn(QUOTES, units[k - 1]); n++) k--;
  const length = units.length;
  if (k - 4 >= floor && startsWithIgnoringCase(units, length, k - 4, "name")) k -= 4;
  else if (k - 3 >= floor && startsWithIgnoringCase(units, length, k - 3, "key")) k -= 3;
  else return false;
  return k === floor || !isIn(WORD, units[k - 1]);
}

/**
 * Past the operator of the `value` field (any case) that follows the key
 * ending at `keyEnd` and its closing quotes: after a comma (JSON, one line)
 * or on the next line (YAML, Terraform; the line break real or
 * JSON-escaped); -1 when none follows. `valueFrom:` and the like are other
 * fields.
 *
 * @example
 * valueFieldAfter(new CodeUnits().of('"DB_PASSWORD","value":"x"'), 12, 25); // 22
 */
export function valueFieldAfter(units: Uint16Array, keyEnd: number, ceiling: number): number {
  let k = keyEnd;
  for (let n = 0; n < 4 && isIn(QUOTES, units[k]) && !escapedLineBreakAt(units, k); n++) k++;
  k = runEnd(units, k, BLANKS, Math.min(ceiling, k + 8));
  if (units[k] === COMMA) {
    k = runEnd(units, k + 1, BLANKS, Math.min(ceiling, k + 9));
  } else {
    const next = skipLineBreak(units, k, ceiling);
    if (next === k) return -1;
    k = runEnd(units, next, BLANKS, Math.min(ceiling, next + 24));
  }
  for (let n = 0; n < 4 && isIn(QUOTES, units[k]); n++) k++;
  if (!startsWithIgnoringCase(units, ceiling, k, "value") || isIn(WORD, units[k + 5])) return -1;
  k += 5;
  for (let n = 0; n < 4 && isIn(QUOTES, units[k]); n++) k++;
  k = runEnd(units, k, BLANKS, Math.min(ceiling, k + 8));
  return units[k] === COLON || units[k] === EQUALS ? k + 1 : -1;
}

function blanksBack(units: Uint16Array, at: number, floor: number): number {
  let k = at;
  while (k > floor && at - k < 8 && isIn(BLANKS, units[k - 1])) k--;
  return k;
}
