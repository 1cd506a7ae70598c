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
    ["linkedIn_key: pofofzqlfjgdeublq", "linkedIn_key: [secret:api-key]"],
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
    ["a call", '$twitter_token = htmlspecialchars($_POST["token"]);'],
    ["a word with y for its vowels", "twitter_token: asynchronously"],
    ["a word that goes on past ASCII", "airtable_token: rechtschreibprüfung"],
    ["a vendor's name inside a word of the key: Etsy", "reset_system_password: pofofzqlfjgdeublq"],
    ["a vendor's name inside a word of the key: Etsy again", 'getSystemToken = "pofofzqlfjgdeublq"'],
    ["a vendor's name across two words of the key: Sumo Logic", "checksum_of_key: pofofzqlfjgdeublq"],
    ["a vendor's name starting a longer word: Cohere", "coherence_key: pofofzqlfjgdeublq"],
    ["a vendor's name ending a longer word: Etsy", "betsy_token: pofofzqlfjgdeublq"],
  ])("%s stays: %j", (_name, text) => {
    expect(masker.mask(text)).toBe(text);
  });
});

describe("what another rule cut from a vendor's value", () => {
  it("stays as the first pass left it: masking twice changes nothing", () => {
    const once = masker.mask("dropbox_token: cbqirhrxubacbfkghp_0123456789abcdefghijABCDEFGHIJ012345***");
    expect(once).toBe("dropbox_token: cbqirhrxubacbfk[secret:github-token]***");
    expect(masker.mask(once)).toBe(once);
  });
});
