import { parentPort, workerData } from "node:worker_threads";
import { GitHubEmulator } from "github-emulator/emulator/index.js";
import { populateWorld } from "./bench-world.js";
import { fastClock } from "./clocks.js";
import { emulatorSide, type EmulatorSide } from "./stream-world.js";

/** What the thread is started with (see `startSplitWorld`). */
export interface EmulatorThreadData {
  /** The clock's start, its speed, and the real instant it read `start` at: the app's clock, read here too. */
  clock: { start: number; speed: number; realStart: number };
  app: { id: number; slug: string; name: string; webhookSecret: string; publicKey: string };
  requesters: number;
  repos: number;
}

/** A call from the app's thread: one of the emulator side's methods, or the thread's own. */
export interface EmulatorCall {
  id: number;
  method: keyof EmulatorSide | "setWebhookUrl" | "settle" | "stop";
  args: unknown[];
}

/** The answer to a call (id 0: the thread is ready, and the value is the emulator's URL). */
export type EmulatorAnswer = { id: number; value: unknown } | { id: number; error: string };

// The thread's body: the emulator and the bench's organisation, then calls answered in turn as they come.
const data = workerData as EmulatorThreadData;
const port = parentPort!;
const clock = fastClock(data.clock.start, data.clock.speed, data.clock.realStart);
const github = await GitHubEmulator.start({ clock: () => clock.now(), app: data.app });
const side = emulatorSide(github, populateWorld(github, data));
const own = {
  setWebhookUrl: (url: string) => github.setWebhookUrl(url),
  settle: () => github.settle(),
  stop: () => github.stop(),
};
const methods = { ...side, ...own } as unknown as Record<EmulatorCall["method"], (...args: unknown[]) => unknown>;
port.on("message", (call: EmulatorCall) => {
  void (async () => methods[call.method](...call.args))().then(
    (value) => port.postMessage({ id: call.id, value } satisfies EmulatorAnswer),
    (error: unknown) => port.postMessage({ id: call.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies EmulatorAnswer),
  );
});
port.postMessage({ id: 0, value: github.url } satisfies EmulatorAnswer);
