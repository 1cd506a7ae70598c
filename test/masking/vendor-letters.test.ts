import { describe, expect, it } from "vitest";
import { createMasker } from "../../src/masking/index.js";

/*
 * A value of letters alone after a key that names a vendor of gitleaks'
 * keyword rules: a random one is a secret (gitleaks' `[a-z0-9]{17}` draws
 * one about once in two hundred), a word or a stand-in is not.
 */

const masker = createMasker();

describe("letters alone after a vendor's key", () => {
  it.each([
    ['airtableToken = "pofofzqlfjgdeublq"', 'airtableToken = "[secret:token]"'],
    ["dropbox_token: cbqirhrxubacbfk", "dropbox_token: [secret:token]"],
    ["LINKEDIN_TOKEN=GHGAVPGJRLBHHI", "LINKEDIN_TOKEN=[secret:token]"],
    ["<confluentToken>jyclvqykdffqzxwi</confluentToken>", "<confluentToken>[secret:token]</confluentToken>"],
    ['{"new_relic_token":"wcbqirhrxubacbfkxiwdjq"}', '{"new_relic_token":"[secret:token]"}'],
  ])("%j is masked", (text, output) => {
    const once = masker.mask(text);
    expect(once).toBe(output);
    expect(masker.mask(once)).toBe(once);
  });

  it.each([
    ["a word", 'airtableToken = "configurationfile"'],
    ["a stand-in word", "datadog_token: qwertyuiopasdfghjkl"],
    ["an alphabet", "datadog_token: abcdefghijklmnopqrstuvwxyz"],
    ["repeated letters", "DATADOG_TOKEN=XXXXXXXXXXXXXXXXXX"],
    ["words run together", 'sumo_token = "thisisnotarealkey"'],
    ["too short", "dropbox_token: cbqirhrxubacb"],
    ["a key that names no vendor", 'token = "pofofzqlfjgdeublq"'],
    ["a file name", "dropbox_token: cbqirhrxubacbfk.txt"],
  ])("%s stays: %j", (_name, text) => {
    expect(masker.mask(text)).toBe(text);
  });
});
