import type { ManualClock } from "../../src/reconcile/clock.js";
import type { Sandbox } from "github-emulator/sandbox/start-sandbox.js";
import { openRequest, REPO, world } from "../e2e/world.js";

/** A fresh world with Jane's request open and approved by Alice (granted). */
export async function grantedWorld(): Promise<{ sandbox: Sandbox; clock: ManualClock; number: number }> {
  const w = await world();
  const number = openRequest(w.sandbox, "jane");
  await w.sandbox.settle();
  w.sandbox.github.as("alice").comment(REPO, number, "/approve");
  await w.sandbox.settle();
  return { ...w, number };
}

/** GETs a path on the app's own server. */
export async function get(sandbox: Sandbox, path: string): Promise<{ status: number; body: string; type: string }> {
  const response = await fetch(`http://127.0.0.1:${sandbox.server.port}${path}`);
  return { status: response.status, body: await response.text(), type: response.headers.get("content-type") ?? "" };
}

/** Scrapes /metrics into "name{labels}" → value, as Prometheus reads the text format. */
export async function scrape(sandbox: Sandbox): Promise<{ text: string; value(series: string): number }> {
  const { text } = await get(sandbox, "/metrics").then((r) => ({ text: r.body }));
  const values = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const space = line.lastIndexOf(" ");
    values.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return { text, value: (series) => values.get(series) ?? 0 };
}
