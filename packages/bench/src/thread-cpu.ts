import { readFileSync } from "node:fs";

// Linux reports a thread's times in clock ticks of USER_HZ, 100 a second on every architecture Node runs on.
const MS_PER_TICK = 10;

/**
 * CPU time (user and system, ms) the process's main thread has spent, read
 * from Linux's /proc (in hundredths of a second); undefined where there is
 * none. `process.cpuUsage()` counts every thread of the process: with the
 * emulator on a thread of its own, this is the app's share.
 *
 * @example
 * const before = mainThreadCpuMs(); … mainThreadCpuMs()! - before!; // ms
 */
export function mainThreadCpuMs(): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // Fields after the command name (which may hold spaces, so read from its closing parenthesis): state is the 3rd field, utime the 14th, stime the 15th.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? ticks * MS_PER_TICK : undefined;
}
