import { once } from "node:events";
import { createServer, type AddressInfo } from "node:net";
import { Worker } from "node:worker_threads";

/** What one round trip over 127.0.0.1 costs on this machine. */
export interface LoopbackCost {
  /** Wall time per round trip, µs. */
  wallUs: number;
  /** CPU time of the process (both threads, user and system) per round trip, µs. */
  cpuUs: number;
}

// The client: a worker thread that writes a request-sized message and waits for the answer, `rounds` times.
const CLIENT = `
const { connect } = require("node:net");
const { parentPort, workerData } = require("node:worker_threads");
const message = Buffer.alloc(workerData.bytes, 120);
const socket = connect(workerData.port, "127.0.0.1");
socket.setNoDelay(true);
let left = workerData.rounds;
socket.on("connect", () => parentPort.postMessage("ready"));
parentPort.on("message", () => socket.write(message));
socket.on("data", () => {
  if (--left === 0) { socket.end(); parentPort.postMessage("done"); }
  else socket.write(message);
});
`;

/**
 * Times `rounds` round trips of a `bytes`-long message and a short answer
 * between two threads of this process over TCP on 127.0.0.1: the floor a
 * webhook delivery and each of the app's calls pay on this machine for the
 * network alone, whatever the app does.
 *
 * @example
 * const { cpuUs } = await loopbackCost(2000, 2048);
 */
export async function loopbackCost(rounds = 2000, bytes = 2048): Promise<LoopbackCost> {
  const server = createServer((socket) => {
    socket.setNoDelay(true);
    socket.on("data", () => socket.write("ok\n"));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  const worker = new Worker(CLIENT, { eval: true, workerData: { port, rounds, bytes } });
  try {
    await once(worker, "message");
    const cpu = process.cpuUsage();
    const started = performance.now();
    worker.postMessage("go");
    await once(worker, "message");
    const wallMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    return { wallUs: (wallMs * 1000) / rounds, cpuUs: (used.user + used.system) / rounds };
  } finally {
    await worker.terminate();
    server.close();
  }
}
