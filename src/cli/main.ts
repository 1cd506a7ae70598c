import { environmentSecrets } from "../config.js";
import { loadDotEnv } from "../environment/load-dot-env.js";
import { createMasker } from "../masking/index.js";
import { withExitCode } from "./cli-error.js";
import { parseArguments } from "./flags.js";
import { consoleOutput, type Output } from "./output.js";
import { AUDIT_USAGE, MAIN_USAGE, packageVersion, SWEEP_USAGE, VALIDATE_USAGE, wantsHelp } from "./usage.js";

interface Command {
  usage: () => Promise<string> | string;
  run: (argv: string[], out: Output) => Promise<number>;
}

const auditDeps = async () => (await import("./audit-context.js")).processDeps();

// Each command's usage is what --help prints and what a usage error shows; no command runs when help is asked.
const COMMANDS: Record<string, Command> = {
  sweep: {
    usage: () => SWEEP_USAGE,
    run: async (argv, out) => (parseArguments(argv, 0, SWEEP_USAGE), (await import("./sweep.js")).sweepOnce(out)),
  },
  validate: {
    usage: () => VALIDATE_USAGE,
    run: async (argv, out) => (await import("./validate.js")).validate(parseArguments(argv, 1, VALIDATE_USAGE)[0] ?? "policies", out),
  },
  "audit export": {
    usage: async () => (await import("./audit-export.js")).EXPORT_USAGE,
    run: async (argv, out) => (await import("./audit-export.js")).auditExport(argv, out, await auditDeps()),
  },
  "audit verify": {
    usage: async () => (await import("./audit-verify.js")).VERIFY_USAGE,
    run: async (argv, out) => (await import("./audit-verify.js")).auditVerify(argv, out, await auditDeps()),
  },
  doctor: {
    usage: async () => (await import("./doctor.js")).DOCTOR_USAGE,
    run: async (argv, out) => (await import("./doctor.js")).doctor(argv, out),
  },
  drift: {
    usage: async () => (await import("./drift.js")).DRIFT_USAGE,
    run: async (argv, out) => (await import("./drift.js")).drift(argv, out, await auditDeps()),
  },
  report: {
    usage: async () => (await import("./report.js")).REPORT_USAGE,
    run: async (argv, out) => (await import("./report.js")).report(argv, out, await auditDeps()),
  },
};

/**
 * Every command and subcommand by its words (\`audit export\`), for
 * whatever must cover them all, such as the test that asks each for help.
 *
 * @example
 * commandNames(); // ["sweep", "validate", "audit export", …]
 */
export function commandNames(): string[] {
  return Object.keys(COMMANDS);
}

/**
 * The \`jit-access\` command: `--help`/`-h` anywhere before `--` prints the
 * usage of the command named and exits 0 without running it; `--version`
 * prints the package's version; an unknown command, option or argument
 * prints the usage and exits 2.
 *
 * @example
 * process.exitCode = await main(["validate", "policies"], consoleOutput());
 */
export async function main(argv: string[], out: Output): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "--version") {
    if (rest.length > 0) {
      out.error(`jit-access --version takes no argument (got "${rest[0] ?? ""}")\n\n${MAIN_USAGE}`);
      return 2;
    }
    out.line(`jit-access ${packageVersion()}`);
    return 0;
  }
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    const topic = command === "help" ? rest.join(" ") : "";
    const named = COMMANDS[topic];
    if (named) out.line(await named.usage());
    else if (topic === "audit") out.line(AUDIT_USAGE);
    else if (topic !== "") {
      out.error(`jit-access help: no command "${topic}"\n\n${MAIN_USAGE}`);
      return 2;
    } else out.line(MAIN_USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === "audit") {
    const [sub, ...subArgv] = rest;
    const chosen = sub === undefined ? undefined : COMMANDS[`audit ${sub}`];
    if (!chosen) {
      if (wantsHelp(rest)) return (out.line(AUDIT_USAGE), 0);
      out.error(`jit-access audit: give "export" or "verify"${sub === undefined ? "" : ` (got "${sub}")`}\n\n${AUDIT_USAGE}`);
      return 2;
    }
    return dispatch(chosen, subArgv, out);
  }
  const chosen = COMMANDS[command];
  if (!chosen) {
    out.error(`jit-access: unknown command "${command}"\n\n${MAIN_USAGE}`);
    return 2;
  }
  return dispatch(chosen, rest, out);
}

async function dispatch(command: Command, argv: string[], out: Output): Promise<number> {
  if (wantsHelp(argv)) {
    out.line(await command.usage());
    return 0;
  }
  return withExitCode(out, () => command.run(argv, out));
}

/** Runs the command line of this process, with ./.env read as `npm start` reads it. */
export async function run(): Promise<void> {
  const problems = loadDotEnv(process.env);
  // Masked with the secrets the environment holds, once .env is read: a message may quote a value.
  const out = consoleOutput(createMasker({ secrets: environmentSecrets(process.env) }));
  if (problems.length > 0) {
    for (const problem of problems) out.error(problem);
    process.exitCode = 1;
    return;
  }
  process.exitCode = await main(process.argv.slice(2), out);
}
