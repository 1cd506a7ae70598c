import { describe, expect, it } from "vitest";
import { ReadResponse } from "../../src/github/read-response.js";

const answer = (text: string | null, status = 200) => new ReadResponse(text === null ? null : Buffer.from(text), status, "OK", "https://api.github.com/user", new Headers({ "content-type": "application/json" }));

describe("ReadResponse: an answer already read, as Octokit reads a Response", () => {
  it("gives the body as text, JSON or bytes, once, and a second read rejects as fetch's does", async () => {
    const first = answer('{"login":"jit-access"}');
    expect([first.ok, first.status, first.url, first.headers.get("content-type"), first.bodyUsed]).toEqual([true, 200, "https://api.github.com/user", "application/json", false]);
    expect(await first.json()).toEqual({ login: "jit-access" });
    expect(first.bodyUsed).toBe(true);
    await expect(first.text()).rejects.toThrow(TypeError);
    const bytes = await answer("é").arrayBuffer();
    expect(Buffer.from(bytes).toString("utf8")).toBe("é");
  });

  it("streams the body when asked for it, and has none for an answer without one", async () => {
    expect(await new Response(answer("streamed").body).text()).toBe("streamed");
    const empty = answer(null, 304);
    expect([empty.ok, empty.body, await empty.text()]).toEqual([false, null, ""]);
  });

  it("clones as fetch does: a clone reads the same body, a used answer cannot be cloned", async () => {
    const original = answer("twice");
    const copy = original.clone();
    expect([await original.text(), await copy.text()]).toEqual(["twice", "twice"]);
    expect(() => original.clone()).toThrow(TypeError);
  });
});
