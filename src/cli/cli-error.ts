import { GitHubError } from "../github/errors.js";
import type { Output } from "./output.js";

/**
 * A problem the command line reports in plain words, and the exit code it
 * ends with: 2 for a command used wrongly, 1 for one that could not run
 * (configuration, GitHub).
 *
 * @example
 * throw new CliError("--format must be jsonl or csv", 2);
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/**
 * Runs a command and turns its expected failures into a message and an exit
 * code; anything else is a bug and is thrown.
 *
 * @example
 * process.exitCode = await withExitCode(out, () => auditVerify(argv, out, deps));
 */
export async function withExitCode(out: Output, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof CliError) {
      out.error(error.message);
      return error.exitCode;
    }
    if (error instanceof GitHubError) {
      out.error(`GitHub answered: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
