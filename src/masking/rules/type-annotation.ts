import { asciiSet, DIGITS, isIn, LETTER, runEnd } from "../runs.js";
import { BLANKS, EQUALS } from "./keyword-value.js";

/*
 * A type annotation between a secret-naming key's `:` and its `=`
 * (`apiToken: string = "…"`, `api_key: Optional[str] = "…"`,
 * `password: Promise<string> = …`): where it ends, and whether it is a
 * generic type, which read as a value would look like symbols.
 */

const GREATER = 62;

// A type annotation: names, generics, arrays, unions, references (`string`, `Optional[str]`, `&str`, `string | null`).
const TYPE = asciiSet("A-Za-z0-9_.[]<>|?&, ");
const MAX_TYPE = 40;

/**
 * The end of `= ` after a type annotation at `at`, which a `:` after the key
 * opened (`apiToken: string = "…"`, `api_key: Optional[str] = "…"`,
 * `const TOKEN: &str = "…"`): a letter, `&` or `[`, at most 40 characters
 * of names, brackets, `|`, `?`, `,` and blanks, then a lone `=`. -1
 * otherwise. Read only when the word after the `:` is no secret itself.
 *
 * @example
 * typeAnnotationEnd(new CodeUnits().of("string = \"x\""), 0, 12); // 8
 */
export function typeAnnotationEnd(units: Uint16Array, at: number, ceiling: number): number {
  const first = units[at]!;
  if (!(isIn(LETTER, first) || first === 38 || first === 91)) return -1;
  let end = runEnd(units, at, TYPE, Math.min(ceiling, at + MAX_TYPE + 1));
  if (end - at > MAX_TYPE) return -1;
  while (end > at && isIn(BLANKS, units[end - 1])) end--;
  const op = runEnd(units, end, BLANKS, Math.min(ceiling, end + 5));
  return units[op] === EQUALS && units[op + 1] !== EQUALS && units[op + 1] !== GREATER ? op + 1 : -1;
}

// A name inside a generic type: letters, `_` and `.`, digits after them (`Int32`, `u8`).
const TYPE_NAME = asciiSet("A-Za-z0-9_.");

/**
 * True when a generic type starts at `at`: a name of letters, `<` or `[`,
 * names, `,`, `|`, `?` and blanks, and brackets that close in turn, up to
 * the end of the type, which its closing bracket ends (`Record<string, string>`,
 * `Optional[str]`, `Map<string, Array<number>>`), and the declaration going on
 * after it.
 */
export function isGenericType(units: Uint16Array, at: number, ceiling: number): boolean {
  if (!isIn(LETTER, units[at])) return false;
  const end = runEnd(units, at, TYPE, Math.min(ceiling, at + MAX_TYPE + 1));
  if (end - at > MAX_TYPE) return false;
  let depth = 0;
  let opened = false;
  for (let i = at; i < end; i++) {
    const c = units[i]!;
    if (c === 60 || c === 91) {
      // Opened after a name (`Record<`), not after a symbol.
      if (!isIn(TYPE_NAME, units[i - 1])) return false;
      depth++;
      opened = true;
    } else if (c === 62 || c === 93) {
      if (--depth < 0) return false;
    } else if (isIn(DIGITS, c) && !isIn(TYPE_NAME, units[i - 1])) {
      return false; // a digit starts no name
    }
  }
  if (!opened || depth !== 0) return false;
  // It ends with its closing bracket (`Record<string, string>`, `Optional[str]`, `Array<T>?`), and the declaration goes
  // on: `=`, `;`, `)`, a line break or the end. `Ab<cd>Ef` ends otherwise, and is judged as a value.
  let last = end;
  while (last > at && isIn(BLANKS, units[last - 1])) last--;
  if (units[last - 1] === 63 /* ? */) last--;
  if (units[last - 1] !== 62 && units[last - 1] !== 93) return false;
  const next = units[end]!;
  if (end >= ceiling || next === 59 || next === 41 || next === 10 || next === 13 || (next === 92 && units[end + 1] === 110)) return true;
  return next === EQUALS && units[end + 1] !== EQUALS && units[end + 1] !== GREATER;
}

