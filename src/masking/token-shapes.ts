import { boundaryAt, boundaryBefore } from "./chars.js";
import { ALNUM, asciiSet, BASE64URL, DIGITS, hasAny, runEnd, WORD } from "./runs.js";
import { secretPlaceholder, type Rule, type Span } from "./scan.js";

/*
 * Token shapes after the gitleaks rule set (config/gitleaks.toml: github-pat,
 * github-oauth, github-app-token, github-refresh-token,
 * github-fine-grained-pat, aws-access-token, jwt, slack-*), rewritten as
 * hand-written scanners: a literal prefix, then a run of one character class.
 * Runs are taken whole (a token longer than the rule's minimum is still one
 * token), which is what makes each check linear.
 */

function secret(start: number, end: number, kind: string): Span {
  return { start, end, replacement: secretPlaceholder(kind) };
}

/**
 * GitHub tokens, found by their underscore: `ghp_`, `gho_`, `ghu_`, `ghs_`,
 * `ghr_` and at least 36 letters and digits.
 */
function githubToken(prefix: string): Rule {
  return {
    needle: prefix,
    anchor: 3,
    match(_text, at, _floor, ceiling, units) {
      const end = runEnd(units, at + 4, ALNUM, ceiling);
      return end - (at + 4) >= 36 ? secret(at, end, "github-token") : null;
    },
  };
}

/** `github_pat_` and at least 22 word characters (fine-grained tokens have 82: 22 + `_` + 59). */
const githubFineGrainedToken: Rule = {
  needle: "github_pat_",
  anchor: 10,
  match(_text, at, _floor, ceiling, units) {
    const end = runEnd(units, at + 11, WORD, ceiling);
    return end - (at + 11) >= 22 ? secret(at, end, "github-token") : null;
  },
};

const AWS_BODY = asciiSet("A-Z2-7");
const AWS_FOURTH = asciiSet("A-Z0-9");

/** `\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b` */
function awsAccessKey(prefix: string): Rule {
  return {
    needle: prefix,
    // The capital I of AKIA, ASIA and ABIA is rarer in text than their A.
    anchor: prefix.endsWith("IA") ? 2 : 0,
    match(text, at, _floor, ceiling, units) {
      if (!boundaryBefore(text, at)) return null;
      let body = at + prefix.length;
      if (prefix.length === 3) {
        if (runEnd(units, body, AWS_FOURTH, body + 1) !== body + 1) return null;
        body++;
      }
      const end = body + 16;
      if (end > ceiling || runEnd(units, body, AWS_BODY, end) !== end || !boundaryAt(text, end)) return null;
      return secret(at, end, "aws-access-key-id");
    },
  };
}

/**
 * A JSON Web Token: a base64url header that starts `eyJ` (`{"`), then at
 * least two more dot-separated parts (three in a JWS, five in a JWE). A dot
 * after a complete token is punctuation and stays.
 */
const jwt: Rule = {
  needle: "eyJ",
  anchor: 2,
  match(text, at, _floor, ceiling, units) {
    if (!boundaryBefore(text, at)) return null;
    let end = runEnd(units, at, BASE64URL, ceiling);
    if (end - at < 15) return null;
    const lengths: number[] = [];
    while (end < ceiling && text.charCodeAt(end) === 46 /* . */) {
      const partEnd = runEnd(units, end + 1, BASE64URL, ceiling);
      lengths.push(partEnd - end - 1);
      end = partEnd;
    }
    if (lengths.length < 2 || (lengths[0]! < 2 && lengths.length < 4)) return null;
    if (lengths.length > 2 && lengths[lengths.length - 1] === 0) end--;
    return secret(at, end, "jwt");
  },
};

const SLACK_BODY = asciiSet("A-Za-z0-9-");
const SLACK_KINDS = new Set("abposer".split("").map((c) => c.charCodeAt(0)));

/** Slack `xox?-` tokens (bot, user, app-config, legacy) and `xoxe.xoxb-` configuration tokens. */
const slackToken: Rule = {
  needle: "xox",
  match(text, at, _floor, ceiling, units) {
    let body = at + 3;
    if (text.startsWith("e.xox", body)) body += 5;
    if (!SLACK_KINDS.has(text.charCodeAt(body)) || text.charCodeAt(body + 1) !== 45 /* - */) return null;
    const end = runEnd(units, body + 2, SLACK_BODY, ceiling);
    return end - at >= 15 && hasAny(units, body + 2, end, DIGITS) ? secret(at, end, "slack-token") : null;
  },
};

/** Slack app-level tokens: `xapp-1-A0123…-123…-abc…`. */
const slackAppToken: Rule = {
  needle: "xapp-",
  match(text, at, _floor, ceiling, units) {
    const end = runEnd(units, at + 5, SLACK_BODY, ceiling);
    return end - at >= 15 && hasAny(units, at + 5, end, DIGITS) ? secret(at, end, "slack-token") : null;
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

/** The token rules, most specific first. */
export const TOKEN_RULES: readonly Rule[] = [
  githubFineGrainedToken,
  ...["ghp_", "gho_", "ghu_", "ghs_", "ghr_"].map(githubToken),
  ...["AKIA", "ASIA", "ABIA", "ACCA", "A3T"].map(awsAccessKey),
  jwt,
  slackToken,
  slackAppToken,
  slackWebhook,
];

const KNOWN_PREFIXES: readonly string[] = ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "eyJ", "xox", "xapp-", "AKIA", "ASIA", "ABIA", "ACCA", "A3T"];

const KNOWN_FIRSTS = new Set(KNOWN_PREFIXES.map((p) => p.charCodeAt(0)));

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
