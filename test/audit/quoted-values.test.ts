import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";
import { describe, expect, it } from "vitest";
import { mapStrings } from "../../src/audit/bound-record.js";
import type { SignedRecord } from "../../src/audit/record-codec.js";
import { renderRecord } from "../../src/audit/render-record.js";
import { sealComment } from "../../src/audit/seal-comment.js";
import { decide } from "../../src/core/decide.js";
import type { TeamPolicy } from "../../src/core/policy.js";
import { createMasker } from "../../src/masking/index.js";
import { formBody, Story, withTeam } from "../core/fixtures.js";

/*
 * A refusal quotes the value that was wrong. The core builds the message,
 * the shell masks every string of the record, then renders, masks and seals
 * the comment: whatever the quoting does happens before masking, so it must
 * never hide a secret from the masker, nor let the value mention anyone.
 */
const masker = createMasker();
const mask = (text: string) => masker.mask(text);
const envelope = { v: 1, issue: "acme/access#1", at: "2026-11-02T09:00:00.000Z", prev: null, id: "rec_1" } as const;
const TOKEN = "ekdu_vo3x00csvfv6qidvodanew9pqo-";
/** A secret pasted as a YAML block scalar: the masker knows it by the line break after `|`. */
const PASTED = `api_token: |\n  ${TOKEN}`;

function refusal(fields: Parameters<typeof formBody>[0], policy = withTeam({})) {
  const story = new Story();
  const request = { ...story.input().request, body: formBody(fields) };
  const decision = decide(story.input({ request, policy }));
  const record = decision.effects.find((e) => e.kind === "record");
  if (record?.kind !== "record") throw new Error("no record");
  return { decision, data: record.data };
}

/** The comment as the shell writes it: each string of the record masked, then rendered, masked and sealed. */
function comment(fields: Parameters<typeof formBody>[0], policy = withTeam({})): string {
  const masked = mapStrings({ ...envelope, ...refusal(fields, policy).data } as SignedRecord, mask);
  return sealComment(masked, "k".repeat(32), mask).body;
}

function textOutsideCode(markdown: string): string[] {
  const out: string[] = [];
  const walk = (node: { type: string; value?: string; children?: unknown[] }) => {
    if (node.type === "text" && node.value !== undefined) out.push(node.value);
    for (const child of node.children ?? []) walk(child as typeof node);
  };
  walk(fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] }));
  return out;
}

describe("a refused field's value, quoted", () => {
  it("control: the text masked as it stands hides the token", () => {
    expect(mask(`**Ticket** "${PASTED}" does not match`)).not.toContain(TOKEN);
  });

  it.each([
    ["Ticket", { ticket: PASTED }, withTeam({ ticket: { required: true, pattern: "^INC-[0-9]+$" } } as Partial<TeamPolicy>)],
    ["Duration", { duration: PASTED }, undefined],
    ["Team", { team: PASTED }, undefined],
  ] as const)("%s of several lines is not quoted, and the token is not in the comment", (_field, fields, policy) => {
    const text = comment(fields, policy);
    expect(text).toContain("cannot be processed");
    expect(text).toContain("(a value of 2 lines, not quoted here)");
    expect(text).not.toContain(TOKEN);
  });

  it("an organisation name in a Team is quoted as code the requester cannot close: it mentions nobody", () => {
    const { decision, data } = refusal({ team: "@x\\`@bob\\`y/platform-admins" });
    expect(decision.state).toBe("invalid");
    const rendered = renderRecord(data as Parameters<typeof renderRecord>[0]);
    expect(textOutsideCode(rendered).filter((t) => t.includes("@bob"))).toEqual([]);
  });
});
