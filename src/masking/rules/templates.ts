import { asciiSet, isIn, runEnd } from "../runs.js";

/*
 * Values that are templates or stand-ins rather than secrets, after
 * gitleaks' global allowlist: `$VAR`, `${VAR}`, `%VAR%`, `@VAR@`, `~…`,
 * `<your-key>`, `{{ var }}`, `(none)`. Apart from secret-like.ts, which
 * judges every value, because this list grows with every template syntax.
 */

// Variable names, in one case (`$DB_PASSWORD`, `$db_password`), or of letters alone.
const UPPER_NAME = asciiSet("A-Z0-9_");
const LOWER_NAME = asciiSet("a-z0-9_");
const LETTER_NAME = asciiSet("A-Za-z_");
const LESS = 60;
const GREATER = 62;

/**
 * True when `[from, to)`, whose first code unit is `first` (read once by
 * the caller, which judges the value on), is a template or a stand-in,
 * also before the punctuation of a sentence or of markdown's emphasis (`set
 * password=$DB_PASSWORD?`, `**token: <your-token>**`).
 *
 * @example
 * templateOrStandIn(new CodeUnits().of("@AUTH_TOKEN@"), 0, 12, 64); // true
 */
export function templateOrStandIn(units: Uint16Array, from: number, to: number, first: number): boolean {
  const core = beforeClosingPunctuation(units, from, to);
  return (first === 36 && variable(units, from, core)) || (first === 64 && substitution(units, from, core)) || first === 37 || first === 126 || bracketed(units, from, core);
}

/**
 * True when a value that starts with `$` is a variable, after gitleaks'
 * allowlist: `${…}`, `$(…)`, `$` and a name in one case with digits
 * (`$DB_PASSWORD_2`, `$db_password`, `$1`) or of letters alone
 * (`$dbPassword`). `$dV8lxT?DC` and `$Zq8vLm2pw7` are passwords that start
 * with a dollar.
 */
function variable(units: Uint16Array, from: number, to: number): boolean {
  const second = units[from + 1];
  if (second === 123 || second === 40) return true;
  return [UPPER_NAME, LOWER_NAME, LETTER_NAME].some((name) => runEnd(units, from + 1, name, to) === to);
}

// A substitution's name: letters of one case and `_`, no digit (gitleaks' `^@(?:[A-Z_]+|[a-z_]+)@$`).
const UPPER_WORD = asciiSet("A-Z_");
const LOWER_WORD = asciiSet("a-z_");

/** True when the value is a name in one case between two `@` (`@AUTH_TOKEN@`): autoconf's substitution, in gitleaks' global allowlist. */
function substitution(units: Uint16Array, from: number, to: number): boolean {
  return to - from >= 3 && units[to - 1] === 64 && [UPPER_WORD, LOWER_WORD].some((name) => runEnd(units, from + 1, name, to - 1) === to - 1);
}

/**
 * `to`, less the punctuation that ends a sentence (`?`, `!`) or closes
 * markdown's emphasis (`**`, `~~`) at the value's end.
 */
function beforeClosingPunctuation(units: Uint16Array, from: number, to: number): number {
  let end = to;
  while (end > from + 1 && (units[end - 1] === 33 || units[end - 1] === 63)) end--;
  const mark = units[end - 1];
  if ((mark === 42 || mark === 126) && units[end - 2] === mark) while (end > from + 1 && units[end - 1] === mark) end--;
  return end;
}

/** True when the value is wrapped in `<…>`, `{…}` or `(…)`: a stand-in (`<password>`, `{{ var }}`, `(none)`). */
function bracketed(units: Uint16Array, from: number, to: number): boolean {
  const first = units[from]!;
  const last = units[to - 1]!;
  return (first === LESS && last === GREATER) || (first === 123 && last === 125) || (first === 40 && last === 41);
}

/** Characters that join a literal to the template after it (`v1-deps-{{ … }}`, `Linux-node-${{ … }}`, `cache/v3_{% … %}`). */
const JOINERS = asciiSet("-_./:");
/** What sets a field or a URL's user apart inside a value read on over them (`Zq8…,image.tag=build-${SHA}`, `admin:Zq8…@mongo-${ENV}`). */
const SEPARATORS = asciiSet(",;@|<>}");

/**
 * When the value `[from, to)` runs into a template's opening (`{{`, `{%`,
 * or `${` whose `$` the value took) right after a joiner — a name or cache
 * key joined to what the template fills in (GitHub Actions' and CircleCI's
 * `key: v1-deps-{{ checksum … }}`), which gitleaks' generic rule does not
 * take either, its value ending at a blank, a quote or `;` — where the
 * stretch before the literal ends: at the value's last separator, which a
 * secret may stand before (`password=Zq8…,image.tag=build-${SHA}`), or
 * `from`. -1 when the value runs into no template so (a value glued to one
 * without a joiner is judged whole).
 *
 * @example
 * templateLiteralCut(new CodeUnits().of("v1-deps-{{ x }}"), 0, 8); // 0: all of it is the literal
 */
export function templateLiteralCut(units: Uint16Array, from: number, to: number): number {
  if (units[to] !== 123 /* { */) return -1;
  let end = to;
  if (units[end - 1] === 36 /* $ */) end--;
  else if (units[to + 1] !== 123 && units[to + 1] !== 37 /* % */) return -1;
  if (end <= from || !isIn(JOINERS, units[end - 1])) return -1;
  for (let k = end - 1; k > from; k--) if (isIn(SEPARATORS, units[k])) return k;
  return from;
}
