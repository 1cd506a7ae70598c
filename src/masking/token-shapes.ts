import { boundaryAt, boundaryBefore } from "./chars.js";
import { crc32Base62Holds } from "./rules/checksum.js";
import { entropy, isPlaceholder } from "./rules/entropy.js";
import { asciiSet, BASE64URL, DIGITS, isIn, runEnd, WORD } from "./runs.js";
import type { FollowedRule } from "./anchor-layout.js";
import { secretPlaceholder, type Rule, type Span } from "./scan.js";
import { RefusedStretch } from "./refused.js";

/*
 * Token shapes after the gitleaks rule set (config/gitleaks.toml: github-pat,
 * github-oauth, github-app-token, github-refresh-token,
 * github-fine-grained-pat, aws-access-token, jwt, slack-webhook-url), rewritten as
 * hand-written scanners: a literal prefix, then a run of one character class.
 * Runs are taken whole (a token longer than the rule's minimum is still one
 * token), which is what makes each check linear.
 */

function secret(start: number, end: number, kind: string): Span {
  return { start, end, replacement: secretPlaceholder(kind) };
}

const JWT_PARTS = asciiSet("A-Za-z0-9_.-");

/**
 * GitHub's installation tokens of the new format (April 2026):
 * `ghs_<app id>_<JWT>`. Returns where the token ends, or -1.
 */
function installationJwtEnd(units: Uint16Array, body: number, ceiling: number): number {
  const id = runEnd(units, body, DIGITS, ceiling);
  if (id === body || units[id] !== 95 /* _ */ || units[id + 1] !== 101 || units[id + 2] !== 121 || units[id + 3] !== 74 /* eyJ */) return -1;
  let end = runEnd(units, id + 1, JWT_PARTS, ceiling);
  while (units[end - 1] === 46) end--;
  return end - id > 20 ? end : -1;
}

/** The tokens' body: {@link WORD}, copied here so that a loop reads it as a constant, not through the import's binding. */
const BODY = WORD;

/**
 * GitHub tokens, found by their underscore: `ghp_`, `gho_`, `ghu_`, `ghs_`,
 * `ghr_` and at least 36 word characters (secretlint's `[A-Za-z0-9_]{36}`;
 * gitleaks reads letters and digits only), or `ghs_<app id>_<JWT>`.
 * Placeholders (`ghp_xxxx…`) stay unless the token's CRC32 checksum holds.
 */
function githubToken(prefix: string): FollowedRule {
  const refused = new RefusedStretch();
  return {
    needle: prefix,
    anchor: 3,
    followedBy: WORD,
    match(text, at, _floor, ceiling, units) {
      if (refused.skips(units, text.length, at)) return null;
      const body = at + 4;
      if (prefix === "ghs_") {
        const jwtEnd = installationJwtEnd(units, body, ceiling);
        if (jwtEnd > 0) return secret(at, jwtEnd, "github-token");
      }
      // The 36 characters the body needs, read from the last: where the run stops short, the last character that
      // ends it is met first (in `ghp_github_pat_eyJ.xoxb-xapp-AKIA-----BEGIN` after three reads, not fifteen).
      if (body + 36 > ceiling) return null;
      for (let k = body + 35; k >= body; k--) {
        const c = units[k]!;
        if (c >= 128 || BODY[c] === 0) return null;
      }
      const end = runEnd(units, body + 36, BODY, ceiling);
      if (isPlaceholder(units, body, end) && !crc32Base62Holds(units, body, end)) {
        // `ghp_xxxx…ghp_xxxx…`: the next prefix in the run would read the rest of it again (refused.ts).
        refused.note(units, at, end);
        return null;
      }
      return secret(at, end, "github-token");
    },
  };
}

const fineGrainedRefused = new RefusedStretch();

/** `github_pat_` and at least 22 word characters (fine-grained tokens have 82: 22 + `_` + 59). */
const githubFineGrainedToken: FollowedRule = {
  needle: "github_pat_",
  anchor: 10,
  followedBy: WORD,
  match(text, at, _floor, ceiling, units) {
    if (fineGrainedRefused.skips(units, text.length, at)) return null;
    const end = runEnd(units, at + 11, WORD, ceiling);
    if (end - (at + 11) >= 22 && !isPlaceholder(units, at + 11, end)) return secret(at, end, "github-token");
    fineGrainedRefused.note(units, at, end);
    return null;
  },
};

/*
 * AWS issues ids in base32 (`[A-Z2-7]`), but gitleaks' aws.go has also matched
 * `[A-Z0-9]{16}` and its regex-made samples hold 0, 1, 8 and 9: a boundary on
 * both sides and the prefix keep the wider class as precise.
 */
const AWS_BODY = asciiSet("A-Z0-9");
const AWS_FOURTH = AWS_BODY;

/** `\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b` */
function awsAccessKey(prefix: string): FollowedRule {
  return {
    needle: prefix,
    // The capital I of AKIA, ASIA and ABIA is rarer in text than their A.
    anchor: prefix.endsWith("IA") ? 2 : 0,
    followedBy: prefix.length === 3 ? AWS_FOURTH : AWS_BODY,
    match(text, at, _floor, ceiling, units) {
      if (!boundaryBefore(text, at)) return null;
      let body = at + prefix.length;
      if (prefix.length === 3) {
        if (runEnd(units, body, AWS_FOURTH, body + 1) !== body + 1) return null;
        body++;
      }
      const end = body + 16;
      if (end > ceiling || runEnd(units, body, AWS_BODY, end) !== end || !boundaryAt(text, end)) return null;
      // The documentation's own key, AKIAIOSFODNN7EXAMPLE, and other stand-ins.
      if (isPlaceholder(units, at, end)) return null;
      return secret(at, end, "aws-access-key-id");
    },
  };
}

const jwtRefused = new RefusedStretch();

/**
 * A JSON Web Token: a base64url header that starts `eyJ` (`{"`), then at
 * least two more dot-separated parts (three in a JWS, five in a JWE). A dot
 * after a complete token is punctuation and stays.
 */
const jwt: FollowedRule = {
  needle: "eyJ",
  anchor: 2,
  // The header runs on in base64url from `eyJ`: anything else after it leaves it too short.
  followedBy: BASE64URL,
  match(text, at, _floor, ceiling, units) {
    if (!boundaryBefore(text, at) || jwtRefused.skips(units, text.length, at)) return null;
    let end = runEnd(units, at, BASE64URL, ceiling);
    if (end - at < 15) return null;
    const lengths: number[] = [];
    while (end < ceiling && text.charCodeAt(end) === 46 /* . */) {
      const partEnd = runEnd(units, end + 1, BASE64URL, ceiling);
      lengths.push(partEnd - end - 1);
      end = partEnd;
    }
    if (lengths.length < 2 || (lengths[0]! < 2 && lengths.length < 4)) {
      // `p8e-eyJp8e-eyJ…`: the header's run holds the next `eyJ`, which would read it again (refused.ts).
      jwtRefused.note(units, at, end);
      return null;
    }
    if (lengths.length > 2 && lengths[lengths.length - 1] === 0) end--;
    return secret(at, end, "jwt");
  },
};

const WEBHOOK_PATH = asciiSet("A-Za-z0-9+/");
const WEBHOOK_KINDS = ["services/", "workflows/", "triggers/"];

/** `https://hooks.slack.com/services/T…/B…/…`: the URL itself is the credential. */
const slackWebhook: Rule = {
  needle: "hooks.slack.com/",
  anchor: 3,
  match(text, at, floor, ceiling, units) {
    const path = at + 16;
    const kind = WEBHOOK_KINDS.find((k) => text.startsWith(k, path));
    if (kind === undefined) return null;
    const end = runEnd(units, path + kind.length, WEBHOOK_PATH, ceiling);
    if (end - (path + kind.length) < 20) return null;
    let start = at;
    for (const scheme of ["https://", "http://"]) {
      if (at - scheme.length >= floor && text.startsWith(scheme, at - scheme.length)) start = at - scheme.length;
    }
    return secret(start, end, "slack-webhook");
  },
};

const DER_BASE64 = asciiSet("A-Za-z0-9+/");
/** The byte after `MII` (the sequence's length, two bytes long) for keys of 256 bytes to 2.5 KiB: `A` to `J`. */
const DER_LENGTH_BYTE = asciiSet("A-J");

/**
 * A private key in DER, written as base64 without PEM's lines
 * (`MIIBOgIBAAJBAKj…`; gitleaks' private-key-non-pem-format), told by its
 * structure: an RSA key (PKCS#1) or any key in PKCS#8 opens with a sequence
 * (`MII` and its length) and the version 0 (`IBA` where base64 writes
 * `02 01 00`); an elliptic-curve key opens `MHcCAQEE` (SEC 1) or
 * `MIGHAgEA` (PKCS#8, P-256). At least 60 more base64 characters follow,
 * then the padding. A certificate opens otherwise (`MIIDdzCCAl+…`) and is
 * no secret. Found through an `I` or `Q`, characters the scan stops at
 * already.
 */
function derPrivateKey(needle: string, anchor: number, followedBy: Uint8Array, versionAt: number): FollowedRule {
  return {
    needle,
    anchor,
    followedBy,
    match(text, at, _floor, ceiling, units) {
      if (!boundaryBefore(text, at) || (at > 0 && isIn(DER_BASE64, units[at - 1]))) return null;
      // The version, where the needle does not hold it.
      if (versionAt > 0 && (units[at + versionAt] !== 73 || units[at + versionAt + 1] !== 66 || units[at + versionAt + 2] !== 65)) return null;
      let end = runEnd(units, at + needle.length, DER_BASE64, ceiling);
      if (end - at < 64 || entropy(units, at, end) < 4) return null;
      for (let pad = 0; pad < 2 && end < ceiling && units[end] === 61; pad++) end++;
      return secret(at, end, "private-key");
    },
  };
}

const ANY_BASE64 = asciiSet("A-Za-z0-9+/");
const DER_PRIVATE_KEYS: readonly Rule[] = [derPrivateKey("MII", 1, DER_LENGTH_BYTE, 6), derPrivateKey("MHcCAQEE", 5, ANY_BASE64, 0), derPrivateKey("MIGHAgEA", 1, ANY_BASE64, 0)];

/** The token rules, most specific first. */
export const TOKEN_RULES: readonly Rule[] = [
  githubFineGrainedToken,
  ...["ghp_", "gho_", "ghu_", "ghs_", "ghr_"].map(githubToken),
  ...["AKIA", "ASIA", "ABIA", "ACCA", "A3T"].map(awsAccessKey),
  jwt,
  slackWebhook,
  ...DER_PRIVATE_KEYS,
];

const KNOWN_PREFIXES: readonly string[] = ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "eyJ", "AKIA", "ASIA", "ABIA", "ACCA", "A3T"];

const KNOWN_FIRSTS = new Set(KNOWN_PREFIXES.map((p) => p.charCodeAt(0)));

/**
 * The span of a token of one of the shapes above that starts at `at`, if one
 * does: lets a rule that found a value by its key give it its own name.
 *
 * @example
 * knownTokenAt(text, units, valueStart, floor, text.length);
 */
export function knownTokenAt(text: string, units: Uint16Array, at: number, floor: number, ceiling: number): Span | null {
  if (!KNOWN_FIRSTS.has(units[at]!)) return null;
  for (const rule of TOKEN_RULES) {
    if (!text.startsWith(rule.needle, at)) continue;
    const span = rule.match(text, at, floor, ceiling, units);
    if (span !== null) return span;
  }
  return null;
}

/**
 * True when a token of one of the shapes above starts at `at`, so that
 * generic rules can leave it to its own.
 *
 * @example
 * startsKnownToken("Bearer ghp_…", 7); // true
 */
export function startsKnownToken(text: string, at: number): boolean {
  if (!KNOWN_FIRSTS.has(text.charCodeAt(at))) return false;
  for (let k = 0; k < KNOWN_PREFIXES.length; k++) if (text.startsWith(KNOWN_PREFIXES[k]!, at)) return true;
  return false;
}
