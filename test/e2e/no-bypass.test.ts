import { afterEach, describe, expect, it } from "vitest";
import type { Sandbox } from "github-emulator/sandbox/start-sandbox.js";
import { HOUR, REPO, world } from "./world.js";

/**
 * Nothing raw leaves the app: the whole story with addresses and secrets in
 * every field people type, then a scan of everything the app sent to GitHub
 * and everything it logged.
 */
const RAW = {
  address: "jane.doe@example.com",
  other: "o'brien+ops@corp.example.co.uk",
  github: "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
  aws: "AKIAZ7Q2RT5VWX3YB6ND",
  jwt: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
  slack: "xoxb-123456789012-1234567890123-abcdefghijABCDEFGHIJabcd",
  bearer: "Bearer s3cr3t-t0ken-value-0123456789",
};
const PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx1\n-----END RSA PRIVATE KEY-----";

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

function body(fields: { team: string; duration: string; justification: string; ticket: string }): string {
  return ["### Team", "", fields.team, "", "### Duration", "", fields.duration, "", "### Justification", "", fields.justification, "", "### Ticket", "", fields.ticket].join("\n");
}

describe("no bypass", () => {
  it("every comment, label and log line is masked, whatever people type", async () => {
    const w = await world();
    sandbox = w.sandbox;
    const { github } = sandbox;
    const everything = [...Object.values(RAW), sandbox.config.signingKey].join(" ");
    const justification = `Customer ${RAW.address} (cc ${RAW.other}) pasted ${RAW.github}, ${RAW.aws}, ${RAW.jwt}, ${RAW.slack}, Authorization: ${RAW.bearer} and\n${PEM}\nand our key ${sandbox.config.signingKey}`;

    const n = github.as("jane").openIssue(REPO, {
      title: `Access for ${RAW.address} ${RAW.github}`,
      body: body({ team: RAW.address, duration: RAW.github, justification, ticket: RAW.other }),
      labels: ["access-request"],
    });
    await sandbox.settle();
    github.as("jane").editIssue(REPO, n, { body: body({ team: "platform-admins", duration: "1h", justification, ticket: `INC-1 ${RAW.address}` }) });
    await sandbox.settle();
    github.as("bob").comment(REPO, n, `/deny ${RAW.address} ${RAW.github}`);
    github.as("alice").comment(REPO, n, "/approve");
    await sandbox.settle();
    github.as("jane").comment(REPO, n, `/extend ${RAW.address}`);
    github.as("jane").comment(REPO, n, "/extend 1h");
    await sandbox.settle();
    github.as("alice").comment(REPO, n, `/deny ${everything}`);
    await sandbox.settle();
    w.clock.advance(2 * HOUR);
    await sandbox.settle();
    expect(github.issue(REPO, n).labels).toContain("access:expired");

    const sent = github.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path} ${JSON.stringify(r.requestBody ?? "")}`);
    const written = [...sent, ...sandbox.logs].join("\n");
    // The trail did say what happened, masked.
    expect(written).toContain("j***@example.com");
    expect(written).toContain("[secret:github-token]");
    for (const [name, value] of Object.entries(RAW)) expect(written, name).not.toContain(value);
    expect(written).not.toContain("MIIEowIBAAKCAQEAx1");
    expect(written).not.toContain(sandbox.config.signingKey);
    expect(written).not.toContain("jane.doe");
  });
});
