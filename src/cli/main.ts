import { withExitCode } from "./cli-error.js";
import { consoleOutput, type Output } from "./output.js";

const USAGE = `usage: jit-access <command>

  demo                 the whole story against the local GitHub emulator
  sweep                reconcile every open request once, then exit (for cron or a scheduled workflow)
  validate [dir]       check policy files (default: ./policies)
  audit export --repo owner/name [--since DATE] [--format jsonl|csv]
                       every record of every request, masked, with its verification status
  audit verify --repo owner/name [--file PATH] | --file PATH
                       check the trail on GitHub and/or the AUDIT_LOG_FILE copy; exit 1 on any problem
  report [--repo owner/name] [--since DATE] [--format markdown|json]
                       usage patterns: counts per team and requester, time to approve, repeated
                       requests, rubber stamps, grants outside business hours, revocation failures`;

/**
 * The \`jit-access\` command.
 *
 * @example
 * process.exitCode = await main(["demo"], consoleOutput());
 */
export async function main(argv: string[], out: Output): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "demo":
      return (await import("./demo.js")).demo(out);
    case "sweep":
      return (await import("./sweep.js")).sweepOnce(out);
    case "validate":
      return (await import("./validate.js")).validate(rest[0] ?? "policies", out);
    case "audit":
      return audit(rest, out);
    case "report":
      return withExitCode(out, async () => (await import("./report.js")).report(rest, out, (await import("./audit-context.js")).processDeps()));
    case undefined:
    case "help":
    case "--help":
    case "-h":
      out.line(USAGE);
      return command === undefined ? 2 : 0;
    default:
      out.error(`jit-access: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

async function audit([sub, ...argv]: string[], out: Output): Promise<number> {
  const { processDeps } = await import("./audit-context.js");
  if (sub === "export") return withExitCode(out, async () => (await import("./audit-export.js")).auditExport(argv, out, processDeps()));
  if (sub === "verify") return withExitCode(out, async () => (await import("./audit-verify.js")).auditVerify(argv, out, processDeps()));
  out.error(`jit-access audit: give "export" or "verify"\n\n${USAGE}`);
  return 2;
}

/** Runs the command line of this process. */
export async function run(): Promise<void> {
  process.exitCode = await main(process.argv.slice(2), consoleOutput());
}
