import { asciiSet, isIn, runEnd } from "../runs.js";

/*
 * Where an unquoted value ends (keyword-value.ts): over `&` and, for a
 * password, over `;`, unless the next field or setting starts there.
 */

/** A value: no white space, quotes, backslashes (escapes end it), `;`, `[` or `]`; as gitleaks' rules, it may hold `<`, `>`, `}` and `,` (a trailing comma is cut). */
export const VALUE = asciiSet("A-Za-z0-9_.=+/~@!$%^*?#:|<>},-");
const EQUALS = 61;
const AMPERSAND = 38;
const SEMICOLON = 59;
const FIELD_NAME = asciiSet("A-Za-z0-9_.-");
// A connection string's setting names hold blanks (`Initial Catalog=`, `Integrated Security=`).
const SETTING_NAME = asciiSet("A-Za-z0-9_. -");
const UPPER_LETTERS = asciiSet("A-Z");

/**
 * The end of an unquoted value: a run of value characters, which goes on
 * over `&` unless a query string's next field (`&name=`) follows, so that
 * `password: Tr0ub4dor&3x` is one value and `?password=…&user=jane` two.
 * A password (`semicolons`) goes on over `;` alike, as gitleaks'
 * database-password reads it (`pwd: CFDt;lUXAq…`, `DB_PASSWORD=;bZdhk;…`),
 * unless a field follows (`Password=…;Initial Catalog=app`) or what
 * follows is no value (`DB_PASSWORD=…; echo ok`).
 */
export function bareEnd(units: Uint16Array, from: number, limit: number, semicolons: boolean): number {
  let to = runEnd(units, from, VALUE, limit);
  while (to < limit && (units[to] === AMPERSAND ? !fieldAt(units, to + 1, limit) : semicolons && units[to] === SEMICOLON && !settingAt(units, to + 1, limit))) {
    const next = runEnd(units, to + 1, VALUE, limit);
    if (next === to + 1) break;
    to = next;
  }
  return to;
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
