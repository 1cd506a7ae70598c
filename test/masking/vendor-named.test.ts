import { describe, expect, it } from "vitest";
import { createMasker } from "../../src/masking/index.js";
import { CodeUnits } from "../../src/masking/code-units.js";
import { runStartRules } from "../../src/masking/rules/table-rules.js";
import { passes } from "../../src/masking/refused.js";
import { mayEndVendorName, vendorNamedValueAt } from "../../src/masking/rules/vendor-named.js";
import { VENDOR_NAMED } from "../../src/masking/rules/vendor-named-table.js";
import { secretRules } from "../../src/masking/secrets.js";

/*
 * A vendor's secret after a key that names the vendor and no secret
 * (`ALGOLIA=…`, `"asana": "…"`, `ADOBE_CLIENT_ID=…`): gitleaks' keyword
 * rules take these, and a value of the vendor's exact shape is masked; a
 * word, a stand-in, a value of another length or a name inside another
 * word is not.
 */

const masker = createMasker();
const stops = new Set(runStartRules(secretRules([])).map((r) => r.needle));

/**
 * A seeded draw of a row's shape that holds a digit, and a character the scan
 * stops at before any `=`, `+` or `/` (a value with none there is not reached
 * after such a key: docs/masking.md).
 */
function valueOf(row: (typeof VENDOR_NAMED)[number], seed: number): string {
  let state = seed;
  const next = (n: number) => {
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    return state % n;
  };
  for (;;) {
    let value = "";
    for (const segment of row.shape.segments) {
      if ("literal" in segment) {
        value += segment.literal;
        continue;
      }
      const members: string[] = [];
      segment.set.forEach((on, code) => on === 1 && members.push(String.fromCharCode(code)));
      for (let k = 0; k < segment.min; k++) value += members[next(members.length)]!;
    }
    const reached = value.slice(1).split(/[=+/]/)[0]!;
    if (/[0-9]/.test(value) && [...reached].some((c) => stops.has(c)) && new Set(value).size > value.length / 3) return value;
  }
}

const FORMS: readonly [string, (name: string, value: string) => string][] = [
  ["an env line", (name, value) => `${name.toUpperCase()}=${value}`],
  ["an export", (name, value) => `export ${name.toUpperCase()}="${value}"`],
  ["JSON", (name, value) => JSON.stringify({ [name]: value, region: "eu-west-1" })],
  ["YAML", (name, value) => `  ${name}: ${value}`],
  ["a long option", (name, value) => `deploy --${name}=${value} --dry-run`],
  ["PHP", (name, value) => `'${name}' => '${value}',`],
  ["Go", (name, value) => `${name} := "${value}"`],
  ["a log line", (name, value) => JSON.stringify({ level: 30, msg: `config loaded: ${name}=${value}` })],
];

/** The forms of a key that names one of the vendor's ids (`adobe-client-id`: `ADOBE_CLIENT_ID`), for the rows of ids. */
const ID_FORMS: readonly [string, (name: string, value: string, word: string) => string][] = [
  ["an id in capitals", (name, value, word) => `${name.toUpperCase()}_${word.toUpperCase()}_ID=${value}`],
  ["an id in camel case", (name, value, word) => `${name}${word[0]!.toUpperCase()}${word.slice(1)}Id: "${value}"`],
];

describe("a vendor's secret after a key that is only the vendor's name", () => {
  const named = VENDOR_NAMED.flatMap((row, r) => FORMS.map(([form, write], f) => [row.id, form, write(row.names[0]!, valueOf(row, 31 * r + f + 1)), valueOf(row, 31 * r + f + 1)] as const));
  const ids = VENDOR_NAMED.filter((row) => row.id.endsWith("-id")).flatMap((row, r) =>
    ID_FORMS.map(([form, write], f) => {
      const value = valueOf(row, 997 * r + f + 1);
      // The word before `id` in the rule's name: `client`, `access`, `api`.
      const word = row.id.split("-").at(-2)!;
      return [row.id, form, write(row.names[0]!, value, word), value] as const;
    }),
  );
  const cases = [...named, ...ids];
  it.each(cases)("%s in %s", (_id, _form, text, value) => {
    const once = masker.mask(text);
    expect(once).not.toContain(value);
    expect(masker.mask(once)).toBe(once);
  });

  it.each([
    ["NEW_RELIC=NRJS-F1AfEFFa9E23C06E7d8", "NEW_RELIC=[secret:new-relic]"],
    ['"linked-in": "5db95h24pt21gK"', '"linked-in": "[secret:linkedin]"'],
    ["PRIVATE_AI := mn6r27nsc3nas3t0osc3cphu8005ufcK", "PRIVATE_AI := [secret:privateai]"],
    ["myAlgolia=JxIYOd18ZaeRwYbpXCONKcjKFeHtShk4", "myAlgolia=[secret:algolia]"],
    ["Set ALGOLIA=JxIYOd18ZaeRwYbpXCONKcjKFeHtShk4.", "Set ALGOLIA=[secret:algolia]."],
    ["<algolia>JxIYOd18ZaeRwYbpXCONKcjKFeHtShk4</algolia>", "<algolia>[secret:algolia]</algolia>"],
    ["<p>ALGOLIA=jx8iyod18zaerwybpxconkcjkfehtshk.</p>", "<p>ALGOLIA=[secret:algolia].</p>"],
    ["ALGOLIA=jx8iyod18zaerwybpxconkcjkfehtshk.<br>", "ALGOLIA=[secret:algolia].<br>"],
    ["COHERE=GswdaSke3VSWDNZzk2Rr9ubBky4LmXk3eJy7CT4s", "COHERE=[secret:cohere]"],
    ["AIRTABLE=sjywlckxjhxsagj55", "AIRTABLE=[secret:airtable]"],
    ["adyen=live_l8ErZrgXAnMQruooU9ue38waUod88L2PCx9jdY", "adyen=[secret:adyen]"],
  ])("%j is masked as %j", (text, output) => {
    expect(masker.mask(text)).toBe(output);
  });

  it.each([
    ["no operator: prose", "rotated the algolia JxIYOd18ZaeRwYbpXCONKcjKFeHtShk4 today"],
    ["the name inside a word", "xalgolia=JxIYOd18ZaeRwYbpXCONKcjKFeHtShk4"],
    ["the name running on into a word", "algoliax=JxIYOd18ZaeRwYbpXCONKcjKFeHtShk4"],
    ["one character short", "ALGOLIA=JxIYOd18ZaeRwYbpXCONKcjKFeHtShk"],
    ["one character more", "ALGOLIA=JxIYOd18ZaeRwYbpXCONKcjKFeHtShk4Q"],
    ["a value that runs on into a path", "ALGOLIA=JxIYOd18ZaeRwYbpXCONKcjKFeHtShk4/indexes"],
    ["letters alone", "ALGOLIA=JxIYOdqZaeRwYbpXCONKcjKFeHtShkQ"],
    ["a stand-in", "ALGOLIA=XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"],
    ["a template", "ALGOLIA=${ALGOLIA_API_KEY_FROM_THE_VAULT_1}"],
    ["an id that names no vendor", "REQUEST_ID=Jx1YOd18ZaeRwYbpXCONKcjKFeHtShk4"],
    ["an id that names no credential: Airtable's base", "AIRTABLE_BASE_ID=appr3Z1WbKJ8Y7qQd"],
    ["an id that names no credential: a channel", "MATTERMOST_CHANNEL_ID=4yz8b3qjgjy9bfz8ej6jzjx9ro"],
    ["an id that names no credential: a commit", "zendesk_commit_id: 3f786850e387550fdab836ed7e6dc881de23001b"],
    ["an id that names no credential: an app", "HEROKU_APP_ID=01234567-89AB-CDEF-0123-456789ABCDEF"],
    ["an id of a rule that is no id rule", "ALGOLIA_CLIENT_ID=JxIYOd18ZaeRwYbpXCONKcjKFeHtShk4"],
    ["an attribute's value, not an element's name", '<a class="linkedin">mikewazowski12</a> <span class="dropbox">Report2024Q3kz1</span>'],
    ["a handle: letters, then digits", "linkedin: mikewazowski12"],
    ["an alphabet", "jira: ABCDEFGHIJ1234567890abcd"],
    ["another token glued by a dot, on both passes", "ALGOLIA=JxIYOd18ZaeRwYbpXCONKcjKFeHtShk4.[secret:github-token]"],
    ["an app's name", '{"heroku":"billing-api-production","region":"eu"}'],
    ["a channel", '{"slack":"#deploys","discord":"#ops"}'],
    ["a handle", "twitter: @JaneDoe1234567890123456"],
    ["digits alone (an id)", '{"asana":"1201234567890123"}'],
    ["a word that ends like a name", "agent=Jx1YOd18ZaeRwYbpXCON"],
    ["a name followed by words", "ALGOLIA_INDEX_NAME=JxIYOd18ZaeRwYbpXCONKcjKFeHtShk4"],
  ])("%s stays: %j", (_name, text) => {
    expect(masker.mask(text)).toBe(text);
  });
});

/*
 * A value of lower-case hex with no character the scan stops at (Heroku's,
 * SendBird's and Kucoin's UUIDs, Kucoin's 24 hex) is reached from its run of
 * hex (hex-run-tokens.ts, shortHexRun); before, it was left whole.
 */
describe("a vendor's value of lower-case hex alone", () => {
  it.each([
    ['{"heroku":"b29b5b30-fec9-f528-e1a3-a77bb09e6a3d"}', '{"heroku":"[secret:heroku]"}'],
    ["export SENDBIRD=19e4cab8-8396-d39b-b328-f82ef312088c", "export SENDBIRD=[secret:sendbird]"],
    ["kucoin = '2b778af51dc26c54426cdd8a'", "kucoin = '[secret:kucoin]'"],
  ])("%j is masked", (text, expected) => {
    expect(masker.mask(text)).toBe(expected);
  });

  it.each([
    ["an id that names no credential", "HEROKU_APP_ID=b29b5b30-fec9-f528-e1a3-a77bb09e6a3d"],
    ["a value of another shape", "heroku: 3f786850e387550fdab836ed7e6dc881de23001b"],
  ])("%s stays: %j", (_name, text) => {
    expect(masker.mask(text)).toBe(text);
  });
});

describe("a vendor's value next to another token, masked twice", () => {
  // Each secret glued to another by `.` or `-`: the first pass must leave nothing a second would mask.
  const secrets = [
    "ALGOLIA=JxIYOd18ZaeRwYbpXCONKcjKFeHtShk4",
    "adyen live_l8ErZrgXAnMQruooU9ue38waUod88L2PCx9jdY",
    "NEW_RELIC=NRJS-F1AfEFFa9E23C06E7d8",
    '"linked-in": "5db95h24pt21gK',
    "SUMO_ACCESS_ID=suJWrulscJfvnp",
  ];
  const tokens = ["ghp_0123456789abcdefghijABCDEFGHIJ012345", "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx", "AKIAZ2345ABCDEFGHIJK", "glpat-Ab3dE5gH7jK9mN1pQ3sT"];
  const cases = secrets.flatMap((secret) => tokens.flatMap((token) => [".", "-", "/", "_"].map((glue) => [`${secret}${glue}${token}`] as const)));
  it.each(cases)("%s", (text) => {
    const once = masker.mask(text);
    expect(masker.mask(once)).toBe(once);
  });
});

describe("a key that ends in id, told by the word before it", () => {
  // Keys built from the words a key ending in `id` may hold before it: the id rows' names (whole or split), the
  // words allowed between a name and `id`, and others, joined every way keys are written. The shortcut
  // (`mayEndVendorName`) may pass keys that name no vendor, never miss one whose value `vendorNamedValueAt` masks.
  const idRows = VENDOR_NAMED.filter((r) => r.id.endsWith("-id"));
  const names = [...new Set(idRows.flatMap((r) => r.names))];
  // Names whole, split before their last letter, and cut before their last two (`pla`, which `pla__iD` completes).
  const allNames = [...new Set(VENDOR_NAMED.flatMap((r) => r.names))];
  const words = [...names, ...names.map((n) => `${n.slice(0, -1)}_${n.slice(-1)}`), ...allNames.map((n) => n.slice(0, -2)), "client", "access", "user", "api", "node", "repository", "x", "a1", "Zq", "base"];
  const joins: readonly ((parts: readonly string[]) => string)[] = [
    (parts) => [...parts, "id"].join("_").toUpperCase(),
    (parts) => [...parts, "id"].join("-"),
    (parts) => [...parts, "id"].join("."),
    (parts) => parts.map((p, i) => (i === 0 ? p : p[0]!.toUpperCase() + p.slice(1))).join("") + "Id",
    (parts) => parts.join("_") + "ID",
    (parts) => [...parts, "", "id"].join("_"),
    (parts) => `${parts.join("_")}__iD`,
    (parts) => `${parts.join(".")}.iD`,
  ];
  let state = 7;
  const pick = <T>(list: readonly T[]): T => {
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    return list[state % list.length]!;
  };

  it("passes every key whose value is masked", () => {
    let found = 0;
    let told = 0;
    for (let n = 0; n < 12000; n++) {
      const key = pick(joins)(Array.from({ length: 1 + (n % 4) }, () => pick(words)));
      const text = `${key}=${valueOf(pick(idRows), n + 1)}`;
      const units = new CodeUnits().of(text);
      const keyEnd = key.length;
      const passed = mayEndVendorName(units, keyEnd, 0, units[keyEnd - 2]! | 32, units[keyEnd - 1]! | 32);
      // A pass of its own: the rule keeps the last value's run read for the pass (see refused.ts).
      passes.current++;
      const span = vendorNamedValueAt(units, keyEnd + 1, keyEnd, 0, text.length);
      if (span !== null) found++;
      if (!passed) told++;
      if (span !== null) expect(passed, text).toBe(true);
    }
    // A name that ends in `id`, split before an `iD` (`pla__iD`): the key's words are then `d`, `i` and `pla`, and the
    // name is read from them whole, with no word `id` for the shortcut to read.
    for (const row of VENDOR_NAMED.filter((r) => r.names.some((name) => name.endsWith("id")))) {
      for (const name of row.names.filter((n) => n.endsWith("id"))) {
        for (const key of [`${name.slice(0, -2)}__iD`, `${name.slice(0, -2).toUpperCase()}.-iD`]) {
          const text = `${key}=${valueOf(row, key.length)}`;
          const units = new CodeUnits().of(text);
          passes.current++;
          if (vendorNamedValueAt(units, key.length + 1, key.length, 0, text.length) === null) continue;
          found++;
          expect(mayEndVendorName(units, key.length, 0, units[key.length - 2]! | 32, units[key.length - 1]! | 32), text).toBe(true);
          expect(masker.mask(text), text).not.toContain(text.slice(key.length + 1));
        }
      }
    }
    // Both kinds are drawn often: keys the shortcut tells apart, and keys whose value is masked.
    expect(found).toBeGreaterThan(150);
    expect(told).toBeGreaterThan(300);
  });
});

describe("a key told apart by its last letters before its name is compared", () => {
  // Every name with a separator at each place between its letters but the last two (which the look-ups read together:
  // no name ends in a word of one letter), in three cases, and after another word: the look-ups by a key's last three
  // and four letters (vendor-keyed.ts) may pass keys that name no vendor, never miss one whose value
  // `vendorNamedValueAt` masks.
  it("misses no key whose value is masked", () => {
    let found = 0;
    VENDOR_NAMED.forEach((row, r) => {
      const value = valueOf(row, r + 11);
      // A value that starts with `=` or `+` reads as the operator's (`kraken==…`): the scan reaches it elsewhere.
      if (!/^[A-Za-z0-9]/.test(value)) return;
      for (const name of row.names) {
        const keys = [name, name.toUpperCase(), `${name[0]!.toUpperCase()}${name.slice(1)}`];
        for (let k = 1; k < name.length - 1; k++) keys.push(`${name.slice(0, k)}_${name.slice(k)}`, `${name.slice(0, k)}-${name.slice(k).toUpperCase()}`);
        // After another word, in camel case too (`myLob`, `xLOB`: a name of three letters has no fourth-last to read).
        const capital = `${name[0]!.toUpperCase()}${name.slice(1)}`;
        keys.push(`my_${name}`, `my${capital}`, `x${name.toUpperCase()}`, `${name.slice(0, -3)}.${name.slice(-3)}`, `${name.slice(0, -3)}-${name.slice(-3).toUpperCase()}`);
        for (const key of keys) {
          const text = `${key}=${value}`;
          const units = new CodeUnits().of(text);
          // A pass of its own: the rule keeps the last value's run read for the pass (see refused.ts).
          passes.current++;
          if (vendorNamedValueAt(units, key.length + 1, key.length, 0, text.length) === null) continue;
          found++;
          expect(masker.mask(text), text).not.toContain(value);
        }
      }
    });
    expect(found).toBeGreaterThan(500);
  });
});
