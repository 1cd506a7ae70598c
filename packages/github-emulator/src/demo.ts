import { openRecord } from "jit-access/internal/audit/record-codec.js";
import { scaledClock } from "jit-access/internal/reconcile/clock.js";
import { startSandbox, type Sandbox } from "./sandbox/start-sandbox.js";
import type { Output } from "jit-access/internal/cli/output.js";

const REPO = "acme/access";
const ORG = "acme";
const TEAM = "platform-admins";
const SECRET_ADDRESS = "jane.doe@example.com";
const POLICY = `# yaml-language-server: $schema=./schema.json
version: 1
teams:
  platform-admins:
    description: Production admin for the platform
    max_duration: 2h
    default_duration: 1h
    approvers:
      users: [alice]
      teams: [platform-leads]
    approvals: 1
`;
// One hour of the app's time passes in five seconds of yours.
const SPEED = 720;

/**
 * The demo (`npm run demo`): the whole story against the local GitHub emulator, with
 * the real app behind Probot's HTTP server and signed webhooks: a request,
 * an approval, the grant, and its expiry on a compressed clock. Prints the
 * trail as an auditor reads it, and checks that the requester's address was
 * written nowhere.
 *
 * @example
 * process.exitCode = await demo(consoleOutput());
 */
export async function demo(out: Output): Promise<number> {
  const clock = scaledClock(Date.now(), Date.now(), SPEED);
  // As an operator sets JIT_ACCESS_REPOSITORIES: the app obeys this repository's policies alone.
  const sandbox = await startSandbox({ clock, repositories: [REPO] });
  try {
    return await tell(sandbox, out);
  } finally {
    await sandbox.stop();
  }
}

async function tell(sandbox: Sandbox, out: Output): Promise<number> {
  const { github } = sandbox;
  github.addOrg(ORG);
  for (const login of ["jane", "alice", "carol"]) github.addUser(login, { orgs: { [ORG]: "active" } });
  github.addTeam(ORG, TEAM, { name: "Platform admins" });
  github.addTeam(ORG, "platform-leads", { name: "Platform leads" });
  github.setTeamMember(ORG, "platform-leads", "carol", "active");
  github.addRepo(REPO, { defaultBranch: "main", private: true });
  github.putFile(REPO, "policies/platform.yml", POLICY);
  github.install(ORG);

  out.line("jit-access demo — local GitHub emulator, real app, signed webhooks; 1 hour of app time = 5 seconds");
  out.line();
  out.line(`Policy ${REPO}:policies/platform.yml — ${TEAM}: max 2h, 1 approval from @alice or team platform-leads`);
  out.line(`Members of ${TEAM} before: ${members(sandbox)}`);
  out.line();

  const body = [
    "### Team", "", TEAM, "",
    "### Duration", "", "1h", "",
    "### Justification", "", `Investigating INC-4711: checkout fails for customers; contact ${SECRET_ADDRESS}`, "",
    "### Ticket", "", "INC-4711",
  ].join("\n");
  const number = github.as("jane").openIssue(REPO, { title: "Access request: platform-admins", body, labels: ["access-request"] });
  await sandbox.settle();
  out.line(`1. @jane opens ${REPO}#${number} from the access-request form → ${status(sandbox, number)}`);

  github.as("alice").comment(REPO, number, "Looks right.\n/approve");
  await sandbox.settle();
  out.line(`2. @alice comments /approve → ${status(sandbox, number)}`);
  out.line(`   Members of ${TEAM} during: ${members(sandbox)}`);

  const deadline = Date.now() + 30_000;
  while (!github.issue(REPO, number).labels.includes("access:expired") && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    await sandbox.settle();
  }
  out.line(`3. the hour passes; the timer fires at the exact expiry → ${status(sandbox, number)}`);
  out.line(`   Members of ${TEAM} after: ${members(sandbox)}`);
  out.line();

  out.line(`The trail of ${REPO}#${number}, as an auditor reads it:`);
  for (const comment of github.comments(REPO, number)) {
    const opened = openRecord(comment.body, sandbox.config.signingKey);
    const visible = comment.body.replace(/\n*<!-- jit-access:record [\s\S]*$/, "");
    out.line(`── ${comment.createdAt} @${comment.author}${opened.ok ? ` · record "${opened.record.event}", signature verified, chained to ${opened.record.prev ? opened.record.prev.slice(0, 12) : "(first)"}` : ""}`);
    for (const line of visible.split("\n")) out.line(`   ${line}`);
  }
  out.line();

  const leaks = findLeaks(sandbox);
  out.line(leaks.length === 0
    ? `Masking check: the raw requester address appears nowhere in what the app wrote to GitHub (${github.requests.length} requests) or logged (${sandbox.logs.length} lines).`
    : `Masking check FAILED: the raw address was found in ${leaks.join(", ")}`);
  const expired = github.issue(REPO, number).labels.includes("access:expired");
  const removed = !github.teamMembers(ORG, TEAM).some((m) => m.login === "jane");
  if (!expired || !removed) out.error("The story did not complete: the grant did not expire and be removed in time.");
  return leaks.length === 0 && expired && removed && github.unhandled.length === 0 ? 0 : 1;
}

function members(sandbox: Sandbox): string {
  const list = sandbox.github.teamMembers(ORG, TEAM).map((m) => `@${m.login}${m.state === "active" ? "" : ` (${m.state})`}`);
  return list.length > 0 ? list.join(", ") : "(none)";
}

function status(sandbox: Sandbox, number: number): string {
  const issue = sandbox.github.issue(REPO, number);
  return `${issue.labels.filter((l) => l.startsWith("access:")).join(", ") || "(no status)"}${issue.state === "closed" ? " (closed)" : ""}`;
}

/** Places the raw address went, among everything the app sent and logged. */
function findLeaks(sandbox: Sandbox): string[] {
  const leaks: string[] = [];
  for (const request of sandbox.github.requests) {
    if (request.method !== "GET" && JSON.stringify(request.requestBody ?? "").includes(SECRET_ADDRESS)) leaks.push(`${request.method} ${request.path}`);
  }
  if (sandbox.logs.some((l) => l.includes(SECRET_ADDRESS))) leaks.push("the app's log");
  return leaks;
}
