import { createRequire } from "node:module";
import { cpus, devNull } from "node:os";
import type { maskJSON2 } from "maskdata";
import { pino, type DestinationStream } from "pino";
import { createMasker, type Masker } from "jit-access/internal/masking/index.js";
import { briefError, maskingDestination, maskLogger } from "jit-access/internal/masking/logger.js";
import { customPatternRows } from "./masking-custom.js";
import { CLAIMED_SAMPLES, random, ruleScore, secretSamples, vendorNameSamples } from "./masking-rule-samples.js";
import { vendoredSamples } from "./masking-vendored-samples.js";
import type { BenchReport, BenchScenario } from "./report.js";
import { fastest, num, seconds, verdict } from "./stats.js";

/*
 * `masking`: the masker against its targets and against three npm peers, on
 * the same labelled corpus of JSON log lines in one run; then adversarial
 * inputs against ordinary ones, and pino logging with and without masking.
 * Times are the fastest of repeated, interleaved runs: the least disturbed
 * by whatever else the machine does.
 */

type Kind = "email" | "secret" | "lookalike";

/** One labelled item: a value as it stands in a serialised line, and what it is. */
export interface Label {
  readonly line: number;
  readonly value: string;
  readonly kind: Kind;
}

export interface Corpus {
  readonly lines: readonly string[];
  readonly objects: readonly object[];
  readonly labels: readonly Label[];
  readonly bytes: number;
}

const FIRST = ["jane", "john", "mary", "ahmed", "li", "olga", "kofi", "ana", "sven", "priya"];
const LAST = ["doe", "smith", "obrien", "nguyen", "garcia", "kowalski", "okafor", "tanaka"];
const DOMAINS = ["example.com", "corp.example.co.uk", "mail.eu.example.org", "example.engineering", "example.dev", "example.io"];
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const LOOKALIKES = [
  "lodash@4.17.21",
  "@octokit/rest@22.0.1",
  "actions/checkout@v4.1.1",
  "@octo-org/platform-leads",
  "@alice",
  "user@localhost",
  "icon@2x.png",
  "node@20.x",
  "python@3.12",
  "docker.io/library/node@sha256:4f3c1ab2",
  "a Bearer token is required",
];

/**
 * Builds a labelled corpus of pino-style JSON lines, as the app writes them:
 * reconcile decisions, Probot's request logging, webhook payloads with issue
 * forms and commit authors, and errors with request headers; addresses in
 * every shape the masker claims, secrets at the rate of a careless week, and
 * look-alikes that must survive.
 *
 * @example
 * const { lines, labels } = labelledCorpus(1 << 20, 42);
 */
export function labelledCorpus(targetBytes: number, seed = 7): Corpus {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const chars = (alphabet: string, n: number) => Array.from({ length: n }, () => pick([...alphabet])).join("");
  const lines: string[] = [];
  const objects: object[] = [];
  const labels: Label[] = [];
  const found: { value: string; kind: Kind }[] = [];
  const note = (value: string, kind: Kind) => (found.push({ value, kind }), value);

  const address = (): string => {
    const first = pick(FIRST);
    const last = pick(LAST);
    const shapes = [
      () => `${first}.${last}@${pick(DOMAINS)}`,
      () => `${first}+jit@${pick(DOMAINS)}`,
      () => `${first}-${last}@${pick(DOMAINS)}`,
      () => `o'${last}@example.ie`,
      () => `${first}_${last}${Math.floor(next() * 99)}@${pick(DOMAINS)}`,
      () => `${first.toUpperCase()}.${last}@EXAMPLE.COM`,
      () => pick(["josé.garcía@example.es", "用户@例子.广告", "иван@пример.рф", "मेल@उदाहरण.कॉम", "θσερ@εχαμπλε.ψομ"]),
      () => `"${first} ${last}"@example.com`,
      () => `ops@[192.0.2.${Math.floor(next() * 250)}]`,
      () => `${Math.floor(next() * 9e7)}+${first}@users.noreply.github.com`,
    ];
    return pick(shapes)();
  };
  const addressInText = (): string => {
    const value = address();
    const contexts = [
      () => `contact ${note(value, "email")} if needed`,
      () => `From: ${first()} <${note(value, "email")}>`,
      () => `mail [${note(value, "email")}](mailto:${value})`,
      () => `owner=${note(value, "email")}`,
      () => `see https://sso.example.com/invite?email=${note(encodeURIComponent(value), "email")}&team=platform`,
    ];
    return pick(contexts)();
  };
  const first = () => pick(FIRST);
  const secret = (): string => {
    const shapes = [
      () => `authorization: token ${note(`ghs_${chars(ALNUM, 36)}`, "secret")}`,
      () => `I pasted my token by mistake: ${note(`ghp_${chars(ALNUM, 36)}`, "secret")}`,
      () => `GITHUB_TOKEN=${note(`github_pat_${chars(ALNUM, 22)}_${chars(ALNUM, 59)}`, "secret")}`,
      () => `AWS_ACCESS_KEY_ID=${note(`AKIA${chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)}`, "secret")}`,
      () => `curl -H "Authorization: Bearer ${note(chars(ALNUM, 32), "secret")}" https://api.example.com`,
      () => `jwt ${note(`eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiIxMjM0NTYiLCJpYXQiOjE3MDAwMDAwMDB9.${chars(ALNUM, 43)}`, "secret")}`,
      () => `slack ${note(`xoxb-${chars("0123456789", 12)}-${chars("0123456789", 13)}-${chars(ALNUM, 24)}`, "secret")}`,
      () => `hook ${note(`https://hooks.slack.com/services/T${chars(ALNUM, 8)}/B${chars(ALNUM, 8)}/${chars(ALNUM, 24)}`, "secret")}`,
      () => `REDIS_URL=redis://:${note(chars(ALNUM, 20), "secret")}@redis.internal:6379`,
      () => `key:\n${note(`-----BEGIN RSA PRIVATE KEY-----\n${chars(ALNUM, 64)}\n${chars(ALNUM, 64)}\n-----END RSA PRIVATE KEY-----`, "secret")}`,
    ];
    return pick(shapes)();
  };
  const lookalike = () => note(pick(LOOKALIKES), "lookalike");

  let bytes = 0;
  for (let i = 0; bytes < targetBytes; i++) {
    const base = { level: 30, time: 1_700_000_000_000 + i * 137, pid: 4242, hostname: "jit-access-6c9f", name: "jit-access" };
    const delivery = `${chars("0123456789abcdef", 8)}-${chars("0123456789abcdef", 4)}-4${chars("0123456789abcdef", 3)}`;
    const issue = 1 + Math.floor(next() * 500);
    const r = next();
    let object: object;
    if (r < 0.45) {
      object = { ...base, delivery, event: "issue_comment.created", repo: "octo-org/access-requests", issue, state: "pending", msg: `reconcile: 1 of 2 approvals by ${note("@alice", "lookalike")} for platform-admins` };
    } else if (r < 0.7) {
      object = { ...base, level: 20, name: "github", msg: `GET /repos/octo-org/access-requests/issues/${issue}/events - 200 in ${Math.floor(next() * 300)}ms` };
    } else if (r < 0.9) {
      const body = `### Team\n\nplatform-admins\n\n### Duration\n\n2h\n\n### Justification\n\nINC-${issue}: roll back the deploy; ${addressInText()}. Uses ${lookalike()}.\n\n### Ticket\n\nINC-${issue}`;
      object = {
        ...base,
        delivery,
        event: "issues.opened",
        payload: {
          action: "opened",
          issue: { url: `https://api.github.com/repos/octo-org/access-requests/issues/${issue}`, number: issue, title: "Access to platform-admins", body, labels: [{ name: "access-request" }], user: { login: "octocat", id: 583231, type: "User" } },
          head_commit: { id: chars("0123456789abcdef", 40), message: `Bump ${lookalike()}`, author: { name: "Jane Doe", email: note(address(), "email"), username: "octocat" } },
          installation: { id: 1234 },
        },
        msg: "webhook received",
      };
    } else if (r < 0.97) {
      const stack = `HttpError: Bad credentials\n    at fetchWrapper (node_modules/@octokit/request/dist-node/index.js:108:11)\n    at reconcile (lib/reconcile/reconcile.js:41:7)`;
      object = { ...base, level: 50, delivery, err: { type: "HttpError", message: `request for ${addressInText()} failed`, stack, request: { headers: { "user-agent": "probot/14", note: secret() } } }, msg: "reconcile failed" };
    } else {
      object = { ...base, level: 20, msg: `comment by @octocat: ${secret()} and ${lookalike()} ${lookalike()}` };
    }
    const line = JSON.stringify(object);
    for (const item of found) labels.push({ line: lines.length, value: JSON.stringify(item.value).slice(1, -1), kind: item.kind });
    found.length = 0;
    lines.push(line);
    objects.push(object);
    bytes += line.length + 1;
  }
  return { lines, objects, labels, bytes };
}

/** What each masker found on the labelled corpus. */
export interface Score {
  readonly emailRecall: number;
  readonly secretRecall: number;
  readonly lookalikesKept: number;
  readonly precision: number;
}

/**
 * Recall: the share of addresses (or secrets) whose text no longer appears in
 * the masked line. Look-alikes kept: the share still intact. Precision:
 * masked sensitive items over everything changed among the labelled items.
 *
 * @example
 * score(corpus, corpus.lines.map((l) => masker.mask(l)));
 */
export function score(corpus: Corpus, masked: readonly string[]): Score {
  const count = { email: [0, 0], secret: [0, 0], lookalike: [0, 0] } as Record<Kind, [number, number]>;
  for (const label of corpus.labels) {
    const gone = !masked[label.line]!.includes(label.value);
    const tally = count[label.kind];
    tally[0] += gone ? 1 : 0;
    tally[1] += 1;
  }
  const truePositives = count.email[0] + count.secret[0];
  const falsePositives = count.lookalike[0];
  return {
    emailRecall: count.email[0] / count.email[1],
    secretRecall: count.secret[0] / count.secret[1],
    lookalikesKept: 1 - count.lookalike[0] / count.lookalike[1],
    precision: truePositives / (truePositives + falsePositives),
  };
}

interface Contender {
  readonly name: string;
  readonly mask: (line: string) => string;
  /** Throughput is measured on this many bytes of the corpus (the slow peers get a slice). */
  readonly budget: number;
}

async function peers(): Promise<Contender[]> {
  const { SyncRedactor } = await import("redact-pii");
  const { Redactor } = await import("@redactpii/node");
  // maskdata is CommonJS without named exports that ES modules can see.
  const maskdata = createRequire(import.meta.url)("maskdata") as { maskJSON2: typeof maskJSON2 };
  const redactPii = new SyncRedactor();
  const redactor = new Redactor();
  // maskdata masks named JSON fields, so it gets the field paths an operator would configure.
  const fields = {
    emailFields: ["payload.head_commit.author.email"],
    passwordFields: ["err.request.headers.note"],
  };
  return [
    { name: "redact-pii", mask: (line) => redactPii.redact(line), budget: 256 << 10 },
    { name: "@redactpii/node", mask: (line) => redactor.redact(line), budget: 2 << 20 },
    { name: "maskdata", mask: (line) => JSON.stringify(maskdata.maskJSON2(JSON.parse(line) as object, fields)), budget: 1 << 20 },
  ];
}

/** MB/s masking each line on its own, as the logger does, over the first `budget` bytes. */
function throughput(corpus: Corpus, mask: (line: string) => string, budget: number, rounds: number): number {
  const lines: string[] = [];
  let bytes = 0;
  for (const line of corpus.lines) {
    if (bytes >= budget) break;
    lines.push(line);
    bytes += line.length + 1;
  }
  const ms = fastest(() => {
    for (const line of lines) mask(line);
  }, rounds);
  return bytes / 1e6 / (ms / 1000);
}

const MB = 1 << 20;

/** Inputs built to make a matcher backtrack, each 1 MiB. */
export const ADVERSARIAL: Readonly<Record<string, (n: number) => string>> = {
  "`a@a@a@…`": (n) => "a@".repeat(n / 2),
  '`"""…"@x.io`': (n) => ('"'.repeat(99) + "@x.io").repeat(n / 104),
  "dots `....@....`": (n) => (".".repeat(50) + "@" + ".".repeat(49)).repeat(n / 100),
  "labels `a.a.a…@`": (n) => ("a.".repeat(100) + "@").repeat(n / 201),
  "hyphens `----`": (n) => "-".repeat(n),
  "backslashes and `\\u0040`": (n) => ("\\".repeat(40) + "u0040a@b.co ").repeat(n / 52),
  "`%40` runs": (n) => "a%40".repeat(n / 4),
  "token prefixes": (n) => "ghp_github_pat_eyJ.xoxb-xapp-AKIA-----BEGIN Bearer Authorization:://".repeat(n / 68),
  "`ab@ab@ab…`": (n) => "ab@".repeat(n / 3),
};

/**
 * Inputs where a rule's way in repeats inside what it reads (`SG.SG.…`,
 * `PWD:PWD:…`), each 1 MiB: linear, since a token's body refused is read again only
 * within a budget (src/masking/refused.ts) and a value is read up to a thousand characters, but every repeat is still a key or a prefix to judge,
 * as dense real secrets are. Shown for comparison, without a target.
 */
export const DENSE: Readonly<Record<string, (n: number) => string>> = {
  "a table prefix `SG.SG.…`": (n) => "SG.".repeat(n / 3),
  "a key in its own value `PWD:PWD:…`": (n) => "PWD:".repeat(n / 4),
  "JWT headers in one run `p8e-eyJ…`": (n) => "p8e-eyJ".repeat(n / 7),
  "`curl -u` without a colon": (n) => "curl -u ~".repeat(n / 9),
};

/**
 * Dense real secrets, 1 MiB of an environment dump: `KEY=value` lines, a
 * secret's key with a random value on every other one (the keyword rules'
 * work at its thickest), the rest settings that are no secret. Shown for
 * comparison, without a target.
 */
export function environmentDump(n: number, seed = 11): string {
  const next = random(seed);
  const value = (length: number) => Array.from({ length }, () => ALNUM[Math.floor(next() * ALNUM.length)]).join("");
  const secrets = ["DATABASE_PASSWORD", "API_KEY", "AWS_SECRET_ACCESS_KEY", "CLIENT_SECRET", "SESSION_SECRET", "STRIPE_API_KEY", "SMTP_PASSWORD", "NPM_AUTH_TOKEN"];
  const settings = ["PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/home/app", "LANG=C.UTF-8", "NODE_ENV=production", "PORT=3000", "LOG_LEVEL=info", "TZ=UTC", "HOSTNAME=jit-access-6c9f"];
  let out = "";
  for (let i = 0; out.length < n; i++) out += i % 2 === 0 ? `${secrets[(i >> 1) % secrets.length]}=${value(16 + Math.floor(next() * 24))}\n` : `${settings[(i >> 1) % settings.length]}\n`;
  return out.slice(0, n);
}

/** Interleaves the two inputs' runs so that both see the same machine; returns time(adversarial) ÷ time(ordinary). */
function ratio(masker: Masker, ordinary: string, adversarial: string, rounds: number): { ratio: number; mbps: number } {
  let ordinaryMs = Number.POSITIVE_INFINITY;
  let adversarialMs = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    ordinaryMs = Math.min(ordinaryMs, fastest(() => masker.mask(ordinary), 1));
    adversarialMs = Math.min(adversarialMs, fastest(() => masker.mask(adversarial), 1));
  }
  return { ratio: adversarialMs / ordinaryMs, mbps: adversarial.length / 1e6 / (adversarialMs / 1000) };
}

/**
 * pino with and without the masker in front of `destination`, over the
 * corpus objects. `app`: masked as the app masks Probot's logger
 * (`maskLogger`), against the same logger unmasked with the same error
 * serializers; otherwise a bare pino writing to a masking destination,
 * which cannot tell it which lines hold one name at most.
 */
function loggingRatio(masker: Masker, objects: readonly object[], rounds: number, destination: () => DestinationStream, app: boolean): number {
  const options = app ? { level: "info", serializers: { err: briefError, error: briefError } } : { level: "info" };
  const plain = pino(options, destination());
  const masked = app ? pino(options, destination()) : pino(options, maskingDestination(masker, destination()));
  if (app) maskLogger(masked, masker);
  const logAll = (log: pino.Logger) => () => {
    for (const object of objects) log.info(object);
  };
  let plainMs = Number.POSITIVE_INFINITY;
  let maskedMs = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    plainMs = Math.min(plainMs, fastest(logAll(plain), 1));
    maskedMs = Math.min(maskedMs, fastest(logAll(masked), 1));
  }
  return maskedMs / plainMs;
}

/** Where the app's own logs go, less the terminal: pino's synchronous destination, here on the null device. */
const nullDevice = (): DestinationStream => pino.destination({ dest: devNull, sync: true });
/** A destination that never reads the line it is given. */
const discard = (): DestinationStream => ({ write: () => undefined });

const percent = (value: number) => `${(value * 100).toFixed(1)} %`;
const times = (value: number) => `${value.toFixed(2)}×`;

/**
 * The `masking` scenario.
 *
 * @example
 * const report = await maskingScenario().run();
 */
export function maskingScenario(): BenchScenario {
  return {
    name: "masking",
    description: "masker throughput, recall and precision against npm peers; adversarial input; masked logging",
    async run(): Promise<BenchReport> {
      const started = performance.now();
      const corpus = labelledCorpus(4 * MB);
      const ours: Contender = { name: "jit-access", mask: createMasker().mask, budget: 4 * MB };
      const contenders = [ours, ...(await peers())];
      const results = contenders.map((c) => {
        c.mask(corpus.lines[0]!);
        return { mbps: throughput(corpus, c.mask, c.budget, c === ours ? 15 : 3), score: score(corpus, corpus.lines.map(c.mask)) };
      });
      const [mine, ...others] = results as [(typeof results)[0], ...typeof results];
      const fastestPeer = Math.max(...others.map((o) => o.mbps));
      const row = (measure: string, cell: (r: (typeof results)[0]) => string, target: string, met: boolean) => [
        measure,
        ...results.map(cell),
        target,
        verdict(met),
      ];

      // The rule-set samples are text, not JSON: maskdata masks named JSON fields only and is left out.
      const samples = [...secretSamples(), ...CLAIMED_SAMPLES, ...vendoredSamples()];
      const textContenders = contenders.filter((c) => c.name !== "maskdata");
      const ruleScores = textContenders.map((c) => ruleScore(c.mask, samples));
      const families = [...ruleScores[0]!.byFamily.keys()].sort();
      const ruleCell = (scores: (typeof ruleScores)[0][], cell: (s: (typeof ruleScores)[0]) => string) => contenders.map((c) => {
        const k = textContenders.indexOf(c);
        return k < 0 ? "—" : cell(scores[k]!);
      });
      // Forms the rule sets' samples never write, scored apart from them.
      const nameAlone = vendorNameSamples();
      const nameAloneScores = textContenders.map((c) => ruleScore(c.mask, nameAlone));
      const familyRows = families.map((family) => {
        const count = ruleScores[0]!.byFamily.get(family)!;
        return [`rule samples: ${family} (${count.total})`, ...ruleCell(ruleScores, (r) => percent(r.byFamily.get(family)!.masked / r.byFamily.get(family)!.total)), "—", "—"];
      });

      const masker = createMasker();
      const ordinary = corpus.lines.join("\n").slice(0, MB);
      const adversarial = Object.entries(ADVERSARIAL).map(([name, make]) => ({ name, ...ratio(masker, ordinary, make(MB), 15) }));
      const dense = Object.entries(DENSE).map(([name, make]) => ({ name, ...ratio(masker, ordinary, make(MB), 5) }));
      const dump = ratio(masker, ordinary, environmentDump(MB), 5);
      const objects = corpus.objects.slice(0, 4000);
      const logging = loggingRatio(masker, objects, 25, nullDevice, true);
      const loggingDiscarded = loggingRatio(masker, objects, 25, discard, true);
      const loggingBare = loggingRatio(masker, objects, 25, nullDevice, false);
      const dash = contenders.slice(1).map(() => "—");
      const custom = customPatternRows(corpus.lines.slice(0, corpus.lines.length / 4), dash, 9);

      return {
        title: "Masking: throughput, recall and cost",
        table: [
          ["measure", ...contenders.map((c) => c.name), "target", "verdict"],
          row("realistic JSON log corpus, MB/s (one core)", (r) => num(r.mbps, 1), `≥ 250 and ≥ 2× fastest peer (${num(2 * fastestPeer, 1)})`, mine.mbps >= 250 && mine.mbps >= 2 * fastestPeer),
          row("e-mail recall", (r) => percent(r.score.emailRecall), "100 %", mine.score.emailRecall === 1),
          row("secret recall", (r) => percent(r.score.secretRecall), "100 %", mine.score.secretRecall === 1),
          row("look-alikes left intact", (r) => percent(r.score.lookalikesKept), "100 %", mine.score.lookalikesKept === 1),
          row("precision", (r) => percent(r.score.precision), "100 %", mine.score.precision === 1),
          [`rule samples: recall over all ${num(samples.length)}`, ...ruleCell(ruleScores, (r) => percent(r.recall)), "≥ 99 %", verdict(ruleScores[0]!.recall >= 0.99)],
          ["rule samples: false-positive samples and placeholders left intact", ...ruleCell(ruleScores, (r) => percent(r.negativesKept)), "100 %", verdict(ruleScores[0]!.negativesKept === 1)],
          ...familyRows,
          [`keyword forms gitleaks' regexes take and its samples never write, a key of the vendor's name alone (${num(nameAlone.length)}, apart from the rule samples)`, ...ruleCell(nameAloneScores, (r) => percent(r.recall)), "—", "—"],
          ...adversarial.map((a) => [`adversarial 1 MiB ${a.name}: time ÷ ordinary 1 MiB (${num(a.mbps, 1)} MB/s)`, times(a.ratio), ...dash, "≤ 3×", verdict(a.ratio <= 3)]),
          ...dense.map((a) => [`repeated way in, 1 MiB ${a.name}: time ÷ ordinary 1 MiB (${num(a.mbps, 1)} MB/s, for comparison)`, times(a.ratio), ...dash, "—", "—"]),
          [`dense real secrets, 1 MiB of an environment dump, a secret's key and a random value every other line: time ÷ ordinary 1 MiB (${num(dump.mbps, 1)} MB/s, for comparison)`, times(dump.ratio), ...dash, "—", "—"],
          ["pino logging the corpus objects to the null device, masked as the app masks Probot's logger: masked ÷ unmasked time", times(logging), ...dash, "≤ 1.5×", verdict(logging <= 1.5)],
          ["the same, to a destination that never reads the line (for comparison)", times(loggingDiscarded), ...dash, "—", "—"],
          ["a bare pino writing to a masking destination, every line searched for a second name (for comparison)", times(loggingBare), ...dash, "—", "—"],
          ...custom,
        ],
        notes: [
          `Corpus: ${num(corpus.lines.length)} pino-style JSON lines, ${num(corpus.bytes / MB, 1)} MiB: reconcile decisions, Probot request logs, webhook payloads with issue forms and commit authors, errors with request headers; ${num(corpus.labels.filter((l) => l.kind === "email").length)} addresses in every shape docs/masking.md lists, ${num(corpus.labels.filter((l) => l.kind === "secret").length)} secrets, ${num(corpus.labels.filter((l) => l.kind === "lookalike").length)} look-alikes.`,
          "Rule samples (packages/bench/src/masking-rule-samples.ts): one token per prefix of every row of the token table, made as gitleaks makes its true positives, in a log line, a JSON line, markdown and gitleaks' sample form; gitleaks' generated keyword forms (`GenerateSampleSecrets`) for all 101 of its keyword-anchored rules (packages/bench/src/gitleaks-keyword-rules.ts, family `keyword`), each in a log line, a JSON line and markdown; the rule files' literal true positives for curl, Kubernetes, NuGet, Ansible, Django, Claude, Data Factory and database connection strings, and those the token table once left (AWS ids with 0, 1, 8 and 9, upper-case DigitalOcean hex, hex-bodied Artifactory keys); the defects of issue 18 and `curl -u`; validator.js's valid `isEmail` addresses, secretlint's basic-auth fixtures and the ng fixture lines of 24 more of its rules (packages/bench/src/masking-vendored-samples.ts, packages/bench/src/secretlint-fixtures.ts); and the rule files' false-positive samples, secretlint's ok fixture lines and the placeholders. Tokens whose prefix is made only of common characters are found in free text: GitLab's through `g` in a line that holds `gl` (`glpat-`), others through a character of their body that the scan stops at anyway (`dp.pt.`, `hvs.`), and a lower-case hex body (`dapi`, `pul-`, `glptt-`, `v1.0-`) through its run of hex (docs/masking.md).",
          "A key of the vendor's name alone (`ALGOLIA=…`, `\"asana\": \"…\"`, seven forms, `vendorNameSamples`): gitleaks' keyword regexes take it, its sample generator never writes it, so it is scored apart. The secrets are drawn from the rule's class as written (`[a-z0-9]{32}`, lower case), and a value with no character the scan stops at and no run of hex is not found there: digits alone, short lower-case values without `k`, `w`, `x` or `z` (docs/masking.md, \"A key that is only a vendor's name\").",
          "Recall: the share of labelled items whose text no longer appears in the masked line. Precision: masked sensitive items over all labelled items changed (altered look-alikes count against it).",
          "Each line is masked on its own, as the logger does. maskdata masks named JSON fields only, so it is given the paths of the commit author's address and of the header that carries a secret; free text is out of its reach. redact-pii runs on a 256 KiB slice for throughput (it is slow); recall is over the whole corpus for everyone.",
          "Times are the fastest of repeated runs; adversarial and ordinary inputs are timed alternately, and so are logging with and without masking.",
          "Logging: the target is measured as the app logs: the logger masked by `maskLogger`, as the app masks Probot's, against the same logger unmasked, through `pino.destination({ sync: true })`, here writing to the null device so that no terminal or disk is timed. Such a logger tells the masking destination, before each line, whether the line holds one `name` of its own at most; a line that may hold two is searched for them (docs/masking.md, Logging). A bare pino cannot tell, and every line it writes is searched: shown for comparison. A destination that never reads its line is also shown: pino builds each line by concatenation, and whoever reads it first pays for joining the pieces (about a fifth of pino's own time); with that destination the masker is the first reader, with any real one it is not.",
          "Repeated ways in (`SG.SG.…`, `PWD:PWD:…`) are linear too (test/masking/linear-reads.test.ts counts the reads of the code units for every needle and prefix repeated): a token's body refused is read again from a prefix inside it only within a budget of a few times the text's length (src/masking/refused.ts), a key's value (at most a thousand characters) is judged wherever its key stands, and each repeat is still judged, so they cost what dense real secrets cost and carry no target. Dense real secrets are shown too: an environment dump (`DATABASE_PASSWORD=…` and the like with random values, a setting such as `PATH=…` on every other line), where every key is read, every value judged and every other line masked.",
          "The adversarial inputs are linear (test/masking/linear.test.ts counts the work). The scan reads a copy of the code units four at a time with one table look-up each, whether anchors are sparse or thick (`a@a@a@…` has half a million `@` in a MiB, ordinary text a few thousand), and at each anchor compares only the rules whose needle can stand beside its neighbours. Ratios that miss the target are marked so.",
          "Custom patterns (packages/bench/src/masking-custom.ts): six patterns an organisation might set, over the first MiB of the corpus, each engine running the custom stage alone (`customMasker`) on each line, interleaved; the former automaton is the engine custom patterns ran on before RE2, kept in packages/bench/src/automaton-baseline/ only for this comparison. RE2 masks leftmost-longest matches one after another, the automaton the union of all matches; lines masked differently are counted.",
          `Node ${process.version} on ${cpus()[0]?.model ?? "an unknown CPU"}; the scenario took ${seconds(started)}.`,
        ],
      };
    },
  };
}

export default maskingScenario();
