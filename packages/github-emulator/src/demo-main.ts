import { withExitCode } from "jit-access/internal/cli/cli-error.js";
import { parseArguments } from "jit-access/internal/cli/flags.js";
import type { Output } from "jit-access/internal/cli/output.js";
import { wantsHelp } from "jit-access/internal/cli/usage.js";

export const DEMO_USAGE = `usage: npm run demo   (or: jit-access-demo)

  The whole story of jit-access against the local GitHub emulator, on a
  compressed clock: a request, an approval, the grant, its expiry; then the
  trail as an auditor reads it. Needs no configuration and no network.`;

/**
 * The demo's command line: `--help` prints its usage; it takes no option and
 * no argument (anything else is refused with the usage, exit 2).
 *
 * @example
 * process.exitCode = await demoMain(process.argv.slice(2), consoleOutput());
 */
export async function demoMain(argv: string[], out: Output): Promise<number> {
  if (wantsHelp(argv)) {
    out.line(DEMO_USAGE);
    return 0;
  }
  return withExitCode(out, async () => {
    parseArguments(argv, 0, DEMO_USAGE);
    return (await import("./demo.js")).demo(out);
  });
}
