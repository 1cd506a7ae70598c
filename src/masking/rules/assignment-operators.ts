import { asciiSet, isIn, LETTER, runEnd } from "../runs.js";
import { BLANKS, COLON, EQUALS } from "./keyword-value.js";

/*
 * The assignment operators between a secret-naming key and its value, in the
 * syntaxes people paste: `=`, `:`, `:=`, `::=`, `?=`, `+=`, `.=`, `=>`, `<-`, `,`,
 * and `=` after a declared type (`string = `) or an XML `value=` attribute.
 * Apart from the value's reading (keyword-value.ts).
 */

const GREATER = 62;
const LESS = 60;
const COMMA = 44;
/** Token characters: what may start a value glued to `==` (see operatorEnd). */
const TOKEN_CHARACTERS = asciiSet("A-Za-z0-9_-");

/**
 * The end of the assignment operator at `at` (`=`, `:`, `:=`, `::=`, `?=`,
 * `+=`, `.=`, `=>`, R's `<-`, `,`), or -1. `==` is a comparison, unless a value is
 * glued to it: then it ends there, and the value after it is judged as any
 * (`intercomToken==iikk…`, an INI line whose secret starts with `=`, which
 * gitleaks' alphabet for it holds, is masked; `password==confirm_password`
 * compares a word, which stays).
 *
 * @example
 * operatorEnd(new CodeUnits().of("token := x"), 6); // 8
 */
export function operatorEnd(units: Uint16Array, at: number): number {
  const c = units[at]!;
  if (c === EQUALS) return units[at + 1] === EQUALS ? (isIn(TOKEN_CHARACTERS, units[at + 2]) ? at + 2 : -1) : units[at + 1] === GREATER ? at + 2 : at + 1;
  if (c === COLON) {
    let end = at + 1;
    while (units[end] === COLON && end - at < 3) end++;
    if (units[end] === EQUALS) return end + 1;
    return units[end] === 47 && units[end + 1] === 47 ? -1 : end; // not a URL's scheme
  }
  if ((c === 63 || c === 43 || c === 46) && units[at + 1] === EQUALS) return at + 2; // ?= += .=
  if (c === LESS && units[at + 1] === 45 && units[at + 2] !== 45) return at + 2; // R's <- (not an arrow, <--)
  return c === COMMA ? at + 1 : -1;
}

/**
 * The end of `= ` after a type name at `at` (`string = `, `String = `, `str = `):
 * one word of 2 to 10 letters, blanks, and a lone `=`; or of an XML `value=`
 * attribute after the key's own. -1 otherwise, so that
 * prose (`the token is = …` aside) keeps its words.
 *
 * @example
 * typedAssignmentEnd(new CodeUnits().of("string = \"x\""), 0, 12); // 8
 */
export function typedAssignmentEnd(units: Uint16Array, at: number, ceiling: number): number {
  const word = runEnd(units, at, LETTER, Math.min(ceiling, at + 11));
  if (word - at < 2 || word - at > 10) return -1;
  const op = runEnd(units, word, BLANKS, Math.min(ceiling, word + 5));
  // `value=` after a key attribute that names a password (NuGet's `<add key="ClearTextPassword" value="…" />`).
  const attribute = word - at === 5 && spellsValue(units, at);
  return (op > word || attribute) && units[op] === EQUALS && units[op + 1] !== EQUALS && units[op + 1] !== GREATER ? op + 1 : -1;
}

/**
 * True when the word `value` starts at `at` (an XML attribute's name).
 *
 * @example
 * spellsValue(new CodeUnits().of(' value="x"'), 1); // true
 */
export function spellsValue(units: Uint16Array, at: number): boolean {
  return units[at] === 118 && units[at + 1] === 97 && units[at + 2] === 108 && units[at + 3] === 117 && units[at + 4] === 101;
}

/**
 * True when an operator stands among `[from, to)`: `=` or `:` (`=>`, `:=`
 * and `?=` hold one), the `>` that ends an XML element's tag
 * (`<sumoToken>su…`; only with `tag`, where the caller knows the key names
 * the element), or a comma with no blank after it (a CSV cell,
 * `sumoToken,su…,`: gitleaks' operators; a comma in a sentence is followed
 * by a blank).
 */
export function hasOperator(units: Uint16Array, from: number, to: number, tag = true): boolean {
  for (let i = from; i < to; i++) {
    const c = units[i];
    if (c === 61 || c === 58 || (c === 62 && tag) || (c === 44 && units[i + 1] !== 32 && units[i + 1] !== 9)) return true;
  }
  return false;
}
