import { lowerAscii } from "../chars.js";
import { HEX, isIn, runEnd, WORD } from "../runs.js";
import { secretPlaceholder, type Rule } from "../scan.js";
import { operatorEnd } from "./assignment-operators.js";
import { BLANKS, QUOTES } from "./keyword-value.js";

/*
 * Azure AD tenant and client ids after their keys, after secretlint's azure
 * rule (packages/@secretlint/secretlint-rule-azure: `(azure|ad)_?tenant_?id`
 * and `(azure)?_?client_?id`, any case, then `:`, `=`, `:=` or `=>` and a
 * GUID): `AZURE_TENANT_ID=…`, `ad_tenant_id: "…"`, `azureClientId: "…"`;
 * a client id only after `azure`, since gitleaks counts a bare `clientId`
 * GUID among its false positives. An id
 * is no secret by itself, but with the tenant it tells an attacker where a
 * leaked client secret works, and secretlint reports both. Found through the
 * `_` or capital `I` of the key's `_id`/`Id`/`_ID`, which other rules stop
 * at already; a GUID elsewhere (request ids, delivery ids) stays.
 */

const AZURE_ID = secretPlaceholder("azure-id");
const GUID_PARTS = [8, 4, 4, 4, 12];

/** The end of a GUID at `at` (8-4-4-4-12 hex digits, any case) followed by no word character, or -1. */
function guidEnd(units: Uint16Array, at: number, ceiling: number): number {
  let i = at;
  for (let k = 0; k < GUID_PARTS.length; k++) {
    if (k > 0 && units[i++] !== 45) return -1;
    const end = runEnd(units, i, HEX, Math.min(ceiling, i + GUID_PARTS[k]!));
    if (end - i !== GUID_PARTS[k]) return -1;
    i = end;
  }
  return isIn(WORD, units[i]) ? -1 : i;
}

/** True when the letters before `end` (an `_` between words allowed) spell `word`, any case; returns where it starts or -1. */
function wordBefore(units: Uint16Array, end: number, word: string, floor: number): number {
  let i = end;
  if (units[i - 1] === 95) i--;
  if (i - word.length < floor) return -1;
  for (let k = 0; k < word.length; k++) if (lowerAscii(units[i - word.length + k]!) !== word.charCodeAt(k)) return -1;
  return i - word.length;
}

/**
 * Whether the key that ends at `at` (where `_id`/`Id` begins) names an Azure
 * id: `tenant` after `azure` or `ad`, `client` after `azure`. A bare
 * `clientId` is left alone, as gitleaks' generic rule lists it among its
 * false positives (`clientId = "73082700-…"`).
 */
function namesAzureId(units: Uint16Array, at: number, floor: number): boolean {
  const tenant = wordBefore(units, at, "tenant", floor);
  if (tenant >= 0) return wordBefore(units, tenant, "azure", floor) >= 0 || wordBefore(units, tenant, "ad", floor) >= 0;
  const client = wordBefore(units, at, "client", floor);
  return client >= 0 && wordBefore(units, client, "azure", floor) >= 0;
}

function rule(needle: string, anchor: number): Rule {
  return {
    needle,
    anchor,
    match(text, at, floor, ceiling, units) {
      const idStart = units[at] === 95 ? at + 1 : at;
      const idEnd = idStart + 2;
      if (isIn(WORD, units[idEnd]) || !namesAzureId(units, at, floor)) return null;
      let i = runEnd(units, idEnd, QUOTES, Math.min(ceiling, idEnd + 4));
      i = runEnd(units, i, BLANKS, Math.min(ceiling, i + 5));
      const op = operatorEnd(units, i);
      if (op < 0 || units[op - 1] === 44) return null;
      i = runEnd(units, op, BLANKS, Math.min(ceiling, op + 5));
      const start = runEnd(units, i, QUOTES, Math.min(ceiling, i + 4));
      const end = guidEnd(units, start, ceiling);
      return end < 0 ? null : { start, end, replacement: AZURE_ID };
    },
  };
}

/**
 * The rules for Azure tenant and client ids, one per spelling of the key's end.
 *
 * @example
 * anchoredScanner([...AZURE_ID_RULES], []).scan("AZURE_TENANT_ID=dac6fb3d-713c-4555-8a97-4089aa3849be");
 */
export const AZURE_ID_RULES: readonly Rule[] = [rule("_id", 0), rule("_ID", 0), rule("Id", 0)];
