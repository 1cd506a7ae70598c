import { generateKeyPairSync, randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyChain } from "../../src/audit/verify-chain.js";
import { foldHistory } from "../../src/core/history.js";
import { GitHubEmulator } from "github-emulator/emulator/index.js";
import { SANDBOX_APP } from "github-emulator/sandbox/start-sandbox.js";
import { checkInvariants, type InvariantSubject } from "../e2e/invariants.js";
import { ADDRESS, ORG, POLICY, REPO, requestBody, TEAM } from "../e2e/world.js";
import { freePort, startAppProcess, type AppProcess } from "./app-process.js";
import { duplicateKeys } from "./json-keys.js";
import { until } from "./until.js";

/**
 * The whole story as an operator runs it: `node ./bin/start.js` (what
 * `npm start` runs) in a process of its own, configured by environment
 * variables alone, reaching the local GitHub emulator as a GitHub Enterprise
 * server (GHE_HOST, `/api/v3`), with the app's real write pacing (about one
 * write a second). Both sides use the wall clock: the app's timers fire in
 * real time, so the shortest grant a policy allows (one minute) really ends.
 * The steps share one process and run in order; each waits with a bound.
 */
const REQUESTERS = ["dev1", "dev2", "dev3", "dev4", "dev5", "dev6"];
/** dev1 asks for the shortest duration there is; the others for two hours, which outlive the drill. */
const SHORT = "1m";
const SIGNING_KEY = randomBytes(32).toString("hex");
/** The app's drain bound (src/app.ts) plus the two seconds it gives the server to close. */
const DRAIN_BOUND_MS = 12_000;

let github: GitHubEmulator | undefined;
let app: AppProcess | undefined;
const numbers: number[] = [];

const gh = (): GitHubEmulator => github ?? expect.fail("the emulator did not start");
const proc = (): AppProcess => app ?? expect.fail("the app did not start");
const subject = (): InvariantSubject => ({ github: gh(), config: { signingKey: SIGNING_KEY } });
const logLines = (): Record<string, unknown>[] => proc().stdout.filter((l) => l.trim() !== "").map((l) => JSON.parse(l) as Record<string, unknown>);

function parses(json: string): boolean {
  try {
    JSON.parse(json);
    return true;
  } catch {
    return false;
  }
}

/** The app's writes in the order GitHub received them, seconds from the first: what a failure report needs. */
function writeOrder(): string {
  const writes = gh().requests.filter((r) => r.method !== "GET" && !r.path.endsWith("/access_tokens") && !r.path.endsWith("/graphql"));
  const start = writes[0]?.at ?? 0;
  return writes.map((r) => `+${((r.at - start) / 1000).toFixed(1)}s ${r.status} ${r.method} ${decodeURIComponent(r.path)}`).join("\n");
}

/** Each request as it stands: labels, the body's edit count its first record binds to, the approvals' times, and its records. */
function story(): string {
  const requests = numbers.map((n, i) => {
    const issue = gh().issue(REPO, n);
    const trail = records(n);
    const received = trail.find((r) => r.data.event === "received")?.data;
    const edits = received && "bodyEdits" in received && received.bodyEdits !== undefined ? String(received.bodyEdits) : "?";
    const approvals = gh().comments(REPO, n).filter((c) => c.body === "/approve").map((c) => c.createdAt);
    const events = trail.map((r) => {
      if (r.data.event === "attempt-refused") return `attempt-refused ("${r.data.reason}")`;
      if (r.data.event === "received" && r.data.voided.length > 0) return `received (voiding the approvals of ${r.data.voided.join(", ")})`;
      return r.data.event;
    });
    return `#${n} ${REQUESTERS[i]}: ${issue.state} [${issue.labels.join(", ")}] body edits ${edits}, /approve at ${approvals.join(", ")}; records: ${events.join(" → ")}`;
  });
  const members = gh().teamMembers(ORG, TEAM).map((m) => m.login).join(", ");
  return `${requests.join("\n")}\nmembers: [${members}]\nwrites:\n${writeOrder()}`;
}

function records(number: number) {
  const comments = gh().comments(REPO, number).map((c, seq) => ({ seq, id: c.id, body: c.body, at: Date.parse(c.createdAt), byApp: c.viaApp }));
  return verifyChain(comments, `${REPO}#${number}`, SIGNING_KEY).records;
}

const labelled = (number: number, label: string) => gh().issue(REPO, number).labels.includes(label);
/** The app read the request: its GraphQL query for this issue number was answered. */
const readByApp = (number: number) => gh().requests.some((r) => r.path.endsWith("/graphql") && (r.requestBody as { variables?: { number?: unknown } } | undefined)?.variables?.number === number);
/** Not granted, and the app has told the approver to approve again: a refused attempt, or an approval its first record voided. */
const askedAgain = (number: number) =>
  !labelled(number, "access:granted") && records(number).some((r) => r.data.event === "attempt-refused" || (r.data.event === "received" && r.data.voided.length > 0));
const memberLogins = () => gh().teamMembers(ORG, TEAM).map((m) => m.login).sort();

beforeAll(async () => {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  const webhookSecret = randomBytes(20).toString("hex");
  // The emulator's clock is the wall clock (its default), as the app's is.
  github = await GitHubEmulator.start({ app: { ...SANDBOX_APP, webhookSecret, publicKey } });
  github.addOrg(ORG);
  for (const login of ["alice", ...REQUESTERS]) github.addUser(login, { orgs: { [ORG]: "active" } });
  github.addTeam(ORG, TEAM);
  github.addTeam(ORG, "platform-leads");
  github.addRepo(REPO, { defaultBranch: "main", private: true });
  github.putFile(REPO, "policies/platform.yml", POLICY);
  github.install(ORG);
  const port = await freePort();
  github.setWebhookUrl(`http://localhost:${port}/api/github/webhooks`);
  app = startAppProcess({
    APP_ID: String(SANDBOX_APP.id),
    PRIVATE_KEY: privateKey,
    WEBHOOK_SECRET: webhookSecret,
    JIT_ACCESS_SIGNING_KEY: SIGNING_KEY,
    // Pinned to its id, as README asks.
    JIT_ACCESS_REPOSITORIES: `${REPO}@${github.repoId(REPO)}`,
    PORT: String(port),
    GHE_HOST: new URL(github.url).host,
    GHE_PROTOCOL: "http",
    LOG_FORMAT: "json",
    LOG_LEVEL: "debug",
  });
  await app.line((l) => l.includes("Listening on"), "the server to listen", 30_000);
});

afterAll(async () => {
  app?.kill();
  await github?.stop();
  if (app) {
    const file = join(tmpdir(), `jit-access-real-process-${process.pid}.log`);
    writeFileSync(file, `${app.stdout.join("\n")}\n${app.stderr.join("")}`);
    console.info(`the app's log: ${file}`);
  }
});

describe("drill: the whole story as a real process (npm start), as an operator runs it", () => {
  // The independent suite's burst: an approval made a moment after the app read the
  // request, while its first record waits in the write queue, often in the same second
  // as the read (GitHub's times are to the second). It counts when it came after the
  // body's last edit (GraphQL lastEditedAt; never, here), and a first record voids nobody.
  it("six requests opened together, each approved once while its first record is queued, are all granted", async () => {
    await until(() => Date.now() % 1000 < 100, "the top of a second", 1_100);
    for (const login of REQUESTERS) {
      const duration = login === "dev1" ? SHORT : "2h";
      numbers.push(gh().as(login).openIssue(REPO, { title: "Access request", body: requestBody({ duration }), labels: ["access-request"] }));
    }
    // A moment after the app has read each request: its first record waits its turn in the queue.
    const unread = [...numbers];
    let whileQueued = 0;
    const approveWhatWasRead = () => {
      for (const n of unread.filter(readByApp)) {
        if (!gh().comments(REPO, n).some((c) => c.viaApp)) whileQueued++;
        gh().as("alice").comment(REPO, n, "/approve");
        unread.splice(unread.indexOf(n), 1);
      }
      return unread.length === 0;
    };
    await until(approveWhatWasRead, "the app to read all six", 30_000, story);
    console.info(`${whileQueued} of ${numbers.length} approved while their first record was queued`);
    expect(whileQueued).toBeGreaterThan(0);

    await until(() => numbers.every((n) => labelled(n, "access:granted") || askedAgain(n)), "every approval granted or answered", 90_000, story);
    expect(numbers.filter(askedAgain), story()).toEqual([]);
    expect(memberLogins()).toEqual(REQUESTERS);
  });

  it("all six are granted, each membership added once, each with one status label, every trail verifying", async () => {
    expect(numbers).toHaveLength(REQUESTERS.length);
    console.info(`what one approval each left:\n${story()}`);
    await until(() => numbers.every((n) => labelled(n, "access:granted")) && memberLogins().length === REQUESTERS.length, "all six granted", 90_000, story);
    await until(() => numbers.every((n) => gh().issue(REPO, n).labels.filter((l) => l.startsWith("access:")).length === 1), "one status label each", 30_000, story);
    expect(memberLogins()).toEqual(REQUESTERS);
    const adds = gh().requests.filter((r) => r.method === "PUT" && /\/memberships\//.test(r.path)).map((r) => r.path.split("/").pop());
    expect(adds.sort()).toEqual(REQUESTERS);
    expect(checkInvariants(subject(), numbers, [], Date.now())).toEqual([]);
  });

  it(`the ${SHORT} grant is removed within a couple of seconds of its expiry, and ends closed with a verifying trail`, async () => {
    const [short] = numbers;
    if (short === undefined) expect.fail("no requests were opened");
    const expiresAt = foldHistory(records(short)).expiresAt ?? expect.fail(`#${short} has no expiry\n${story()}`);
    await until(() => !memberLogins().includes("dev1"), "dev1's removal", Math.max(0, expiresAt - Date.now()) + 30_000, story);
    const removals = gh().requests.filter((r) => r.method === "DELETE" && /\/memberships\//.test(r.path));
    expect(removals.map((r) => `${r.status} ${r.path.split("/").pop()}`)).toEqual(["204 dev1"]);
    const late = removals[0]!.at - expiresAt;
    console.info(`the removal reached GitHub ${late} ms after the grant's expiry`);
    // GitHub's Date header is to the second and writes go one a second: a couple of seconds, never before.
    expect(late).toBeGreaterThanOrEqual(0);
    expect(late).toBeLessThanOrEqual(3_000);

    await until(() => gh().issue(REPO, short).state === "closed" && labelled(short, "access:expired"), "the expired request closed", 30_000, story);
    expect(memberLogins()).toEqual(REQUESTERS.filter((l) => l !== "dev1"));
    expect(checkInvariants(subject(), numbers, [], Date.now())).toEqual([]);
  });

  it("SIGTERM: the process drains and exits 0 within the drain bound", async () => {
    const exit = await proc().stop("SIGTERM", DRAIN_BOUND_MS);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(logLines().filter((l) => l["msg"] === "drained")).toEqual([expect.objectContaining({ finished: true })]);
  });

  it("every log line is JSON, and nothing went to stderr", () => {
    const lines = proc().stdout.filter((l) => l.trim() !== "");
    expect(lines.length).toBeGreaterThan(REQUESTERS.length);
    expect(lines.filter((line) => !parses(line))).toEqual([]);
    expect(proc().stderr.join("")).toBe("");
  });

  // Probot's root logger is named "probot" and its children add their own name
  // ("probot", "github", "http", "server"), as the app's does ("jit-access");
  // the masked log destination keeps one, the most specific.
  it("no log line holds a key twice", () => {
    const twice = proc().stdout.filter((line) => line.trim() !== "").flatMap((line) => {
      const keys = duplicateKeys(line);
      return keys.length ? [`${keys.join(", ")} twice: ${line.slice(0, 200)}`] : [];
    });
    expect(twice.length, twice.slice(0, 5).join("\n")).toBe(0);
  });

  it("no raw e-mail address from a justification appears in the log or in anything the app wrote to GitHub", () => {
    // The address really was in every request, so its absence below means it was masked.
    for (const n of numbers) expect(gh().issue(REPO, n).body).toContain(ADDRESS);
    const written = gh().requests.filter((r) => r.method !== "GET").map((r) => JSON.stringify(r.requestBody ?? null));
    expect(written.length).toBeGreaterThan(REQUESTERS.length * 2);
    expect(written.filter((body) => body.includes(ADDRESS))).toEqual([]);
    const appComments = numbers.flatMap((n) => gh().comments(REPO, n).filter((c) => c.viaApp).map((c) => c.body));
    expect(appComments.filter((body) => body.includes(ADDRESS))).toEqual([]);
    expect([...proc().stdout, ...proc().stderr].filter((line) => line.includes(ADDRESS))).toEqual([]);
  });
});
