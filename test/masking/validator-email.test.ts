import { describe, expect, it } from "vitest";
import { createMasker } from "../../src/masking/index.js";

/*
 * validator.js's `isEmail` rejects (test/validators/isEmail.test.js, default
 * options and display names). A rejected string is not always free of a
 * mailbox: `foo@bar.com.` is an address before a full stop, `test1@invalid.co m`
 * one before a stray letter. The masker's contract is that no mailbox leaves
 * the app, so those are masked; the strings that hold no address a mail
 * system would take are left as they are (docs/masking.md, "validator.js's
 * rejected addresses").
 */

/** Rejected strings that hold no address: every byte stays. */
const LEFT = [
  "invalidemail@",
  "invalid.com",
  "@invalid.com",
  "foo@_bar.com",
  "email@0.0.0.256",
  "email@26.0.0.256",
  // With `allow_ip_domain`, as in its own tests: a literal of numbers and dots that is no IPv4 address.
  "email@[266.266.266.266]",
  'wrong()[]",:;<>@@gmail.com',
  '"wrong()[]",:;<>@@gmail.com',
  "nbsp_test@te st.com",
  "\uD800@example.com",
  "\uDC00@example.com",
  "Some Name <invalidemail@>",
  "Some Name <invalid.com>",
  "Some Name <@invalid.com>",
];

/** Rejected strings with a mailbox inside (a full stop after it, a stray letter, a display name that is not one): masked. */
const MASKED = [
  "foo@bar.com.",
  "foo@bar.co.uk.",
  "test1@invalid.co m",
  "test12@invalid.co\u3000m",
  "multiple..dots@stillinvalid.com",
  "gmail...ignores...dots...@gmail.com",
  "ends.with.dot.@gmail.com",
  "username@domain.com\uFFFD",
  "username@domain.com©",
  "nbsp test@test.com",
  "nbsp_test@test.co m",
  '"foobar@gmail.com',
  'foo"bar"@gmail.com',
  "tüst@invalid.com",
  "Some Name < foo@bar.co.uk >",
  "Name foo@bar.co.uk",
  "Some Name <some..name@gmail.com>",
  "<displayNameInBrackets><jh@gmail.com>",
  "name;<jh@gmail.com>",
  "Deleted-user-id-19430-Team-5051deleted-user-id-19430-team-5051XXXXXX@example.com",
];

const contexts: readonly [string, (s: string) => string][] = [
  ["alone", (s) => s],
  ["in a log line", (s) => `level=info msg="sign-in" user ${s} status=ok`],
  ["in a JSON string", (s) => JSON.stringify({ msg: `reset requested for ${s}` })],
];

describe("validator.js's rejected addresses", () => {
  const masker = createMasker();

  describe.each(contexts)("%s", (_name, wrap) => {
    it.each(LEFT)("leaves %j", (input) => {
      expect(masker.mask(wrap(input))).toBe(wrap(input));
    });

    it.each(MASKED)("masks the mailbox in %j", (input) => {
      const out = masker.mask(wrap(input));
      expect(out).toContain("***@");
      // The mailbox name next to the `@` is gone.
      const local = /([^\s<"@.;]+)[."]*@/.exec(input)![1]!;
      expect(out).not.toMatch(new RegExp(`${local}[."]*@`));
    });
  });
});
