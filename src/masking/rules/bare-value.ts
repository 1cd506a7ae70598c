import { asciiSet, DIGITS, isIn, LOWER, runEnd, UPPER } from "../runs.js";
import { namesPassword } from "./keyword-key.js";

/*
 * Where an unquoted value ends (keyword-value.ts): over `&` and, for a
 * password, over `;`, unless the next field or setting starts there; and
 * whether one that runs into a bracket is a function's name instead.
 */

/**
 * A value: no white space, quotes, backslashes (escapes end it), `;`, `[` or `]`; as gitleaks' rules, it may hold
 * `<`, `>`, `}` and `,` (a trailing comma is cut). The comma is read apart (bareEnd), so it is not in the set.
 */
const WITHOUT_COMMA = asciiSet("A-Za-z0-9_.=+/~@!$%^*?#:|<>}-");
const EQUALS = 61;
const AMPERSAND = 38;
const SEMICOLON = 59;
const COMMA = 44;
const COLON = 58;
const BACKSLASH = 92;
const BLANKS = asciiSet(" \t");
const QUOTES = asciiSet("\"'`");
const FIELD_NAME = asciiSet("A-Za-z0-9_.-");
// A connection string's setting names hold blanks (`Initial Catalog=`, `Integrated Security=`).
const SETTING_NAME = asciiSet("A-Za-z0-9_. -");
const UPPER_LETTERS = asciiSet("A-Z");

/**
 * The end of an unquoted value: a run of value characters, which goes on
 * over `&` unless a query string's next field (`&name=`) follows, so that
 * `password: Tr0ub4dor&3x` is one value and `?password=…&user=jane` two;
 * a comma ends it before a field that this reading would cut short (see
 * fieldCutAt: `secret=…,password="…"`, `secret=…,redis.password=…`).
 * A password (`semicolons`) goes on over `;` alike, as gitleaks'
 * database-password reads it (`pwd: CFDt;lUXAq…`, `DB_PASSWORD=;bZdhk;…`),
 * unless a field follows (`Password=…;Initial Catalog=app`) or what
 * follows is no value (`DB_PASSWORD=…; echo ok`).
 */
export function bareEnd(units: Uint16Array, from: number, limit: number, semicolons: boolean): number {
  let to = runEnd(units, from, WITHOUT_COMMA, limit);
  while (to < limit) {
    const c = units[to]!;
    if (c === COMMA) {
      // A comma is the value's (a trailing one is cut later) unless a field follows that this reading would cut
      // short (fieldCutAt): read on, the value would take that key and its operator and leave the rest of its
      // value, which the key's own rule masks, after its span.
      if (fieldCutAt(units, to + 1, limit)) break;
      to = runEnd(units, to + 1, WITHOUT_COMMA, limit);
      continue;
    }
    if (c === AMPERSAND ? fieldAt(units, to + 1, limit) : !semicolons || c !== SEMICOLON || settingAt(units, to + 1, limit)) break;
    const next = runEnd(units, to + 1, WITHOUT_COMMA, limit);
    // `&` and `;` are the value's only before more of it (a comma is more: `Tr0ub4dor&,3x`).
    if (next === to + 1 && units[next] !== COMMA) break;
    to = next;
  }
  return to;
}

/**
 * Whether a field (`name=`, `name:`, blanks around the operator) starts at `at` that a bare value's reading would
 * take part of and cut short: its value opens with a quote, escaped or not (`,password="…"`, `{…,pwd:'…'}`), a
 * blank stands around its operator (`,api_key = …`), or its name names a password, whose value reads on over `;`
 * (`,redis.password=Tr0ub4dor;3x`).
 */
function fieldCutAt(units: Uint16Array, at: number, limit: number): boolean {
  const nameEnd = runEnd(units, at, FIELD_NAME, Math.min(limit, at + 64));
  if (nameEnd === at) return false;
  const operator = runEnd(units, nameEnd, BLANKS, Math.min(limit, nameEnd + 2));
  if (units[operator] !== EQUALS && units[operator] !== COLON) return false;
  // A blank around the operator would end the reading inside the field, before its value (`,api_key = …`).
  if (operator > nameEnd || isIn(BLANKS, units[operator + 1]) || namesPassword(units, at, nameEnd)) return true;
  let i = operator + 1;
  while (units[i] === BACKSLASH && i - at < 80) i++;
  return i < limit && isIn(QUOTES, units[i]);
}

/** Whether a query string's field (`name=`) starts at `at`. */
function fieldAt(units: Uint16Array, at: number, limit: number): boolean {
  const end = runEnd(units, at, FIELD_NAME, Math.min(limit, at + 64));
  return end > at && units[end] === EQUALS;
}

/**
 * Whether a connection string's setting (`Trusted_Connection=`) starts at
 * `at`: a field, or words each starting with a capital (`Initial Catalog=`,
 * `Integrated Security=`); prose after a value (`and DB_USER=`) is none.
 */
function settingAt(units: Uint16Array, at: number, limit: number): boolean {
  if (fieldAt(units, at, limit)) return true;
  const end = runEnd(units, at, SETTING_NAME, Math.min(limit, at + 64));
  if (end === at || units[end] !== EQUALS) return false;
  for (let i = at; i < end; i++) if ((i === at || units[i - 1] === 32) && !isIn(UPPER_LETTERS, units[i])) return false;
  return true;
}

/**
 * True when `[from, to)` reads as a function's name in a namespace, not as
 * a password: names joined by `::` or `.`, each starting with a small
 * letter or a digit (the first with a letter), three digits at most
 * (`keyring::key_get`, `oauth2.0_token`; not `Pa55.w0rd`).
 */
export function namespacedName(units: Uint16Array, from: number, to: number): boolean {
  if (!isIn(LOWER, units[from])) return false;
  let separated = false;
  let digits = 0;
  for (let i = from + 1; i < to; i++) {
    const c = units[i]!;
    if (c === 46 /* . */ || (c === 58 /* : */ && units[i + 1] === 58)) {
      separated = true;
      if (c === 58) i++;
      // The next name starts with a small letter or a digit.
      if (!isIn(LOWER, units[i + 1]) && !isIn(DIGITS, units[i + 1])) return false;
    } else if (isIn(DIGITS, c)) {
      if (++digits > 3) return false;
      // A capital starts a word of small letters (`askForPassword`): `wsaInH`, `K3pW` read as random.
    } else if (isIn(UPPER, c) ? !isIn(LOWER, units[i + 1]) || !isIn(LOWER, units[i + 2]) : !isIn(NAME_CHARACTERS, c)) return false;
  }
  return separated;
}
const NAME_CHARACTERS = asciiSet("a-z_");
