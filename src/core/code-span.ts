/**
 * User text on one line, so it cannot forge headings or commands in the
 * app's comment, and with HTML comments broken open, so it cannot hide the
 * rest of the comment from a reader (or look like the app's hidden record).
 *
 * @example
 * oneLine("INC-1\n### Team\nroot"); // "INC-1 ### Team root"
 * oneLine("ok <!-- hidden"); // "ok &lt;!-- hidden"
 */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim().replace(/<!--/g, "&lt;!--").replace(/-->/g, "--&gt;");
}

/**
 * Text someone else wrote, as an inline code span on one line, for the app's
 * comments to quote: GitHub notifies nobody for an `@login` or `@org/team`
 * inside code, and renders no link, image, emphasis or heading there, so a
 * justification or a malformed command quoted back cannot make the app ping
 * people or show a link as its own. The fence is one backtick longer than any
 * run of backticks in the text, so the text cannot close it; HTML comment
 * marks are broken open, so the text cannot look like the app's hidden
 * record to whoever reads the comment's source.
 *
 * @example
 * codeSpan("cc @bob\nsee [x](https://e.example)"); // "`cc @bob see [x](https://e.example)`"
 * codeSpan("a `b` c"); // "``a `b` c``"
 */
export function codeSpan(text: string): string {
  const line = oneLine(text);
  if (line === "") return "` `";
  let longest = 0;
  for (const run of line.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = "`".repeat(longest + 1);
  // A span that starts or ends with a backtick needs a space inside its fence (CommonMark strips one each side).
  const pad = line.startsWith("`") || line.endsWith("`") ? " " : "";
  return `${fence}${pad}${line}${pad}${fence}`;
}

/**
 * A value someone typed, quoted in a message the app builds before it masks
 * it (a refusal's Team, Duration or Ticket): on one line, as
 * {@link codeSpan}; a value of several lines is not quoted at all. Joined
 * into one line, a secret the masker finds by its line break (`api_token: |`
 * and the value on the next line) would no longer be found; quoted as it
 * stands, its lines could make headings in the app's comment.
 *
 * @example
 * quotedValue("soon"); // "`soon`"
 * quotedValue("api_token: |\n  …"); // "(a value of 2 lines, not quoted here)"
 */
export function quotedValue(text: string): string {
  const lines = text.trim().split(/\r\n|\r|\n/).length;
  return lines > 1 ? `(a value of ${lines} lines, not quoted here)` : codeSpan(text);
}
