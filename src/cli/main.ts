import { consoleOutput, type Output } from "./output.js";

const USAGE = `usage: jit-access <command>

  demo                 the whole story against the local GitHub emulator
  sweep                reconcile every open request once, then exit (for cron or a scheduled workflow)
  validate [dir]       check policy files (default: ./policies)
  audit export         not available yet
  audit verify         not available yet
  report               not available yet`;

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
    case "report":
      out.error(`jit-access ${[command, ...rest].join(" ")}: not available yet. The trail can be read on each request issue; see README "Not built yet".`);
      return 2;
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

/** Runs the command line of this process. */
export async function run(): Promise<void> {
  process.exitCode = await main(process.argv.slice(2), consoleOutput());
}
