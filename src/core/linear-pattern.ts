import { RE2JS, RE2JSException, RE2JSSyntaxException } from "re2js";

/**
 * Regular expressions written by policy authors (ticket patterns, custom
 * masking patterns) run inside the app on text that people type. They are
 * compiled with RE2 (the `re2js` port), whose automata match in time linear
 * in the text whatever the pattern, so no pattern can stall the app; RE2
 * refuses what needs backtracking (backreferences, lookaround), and the
 * messages here say what to write instead.
 */
export type LinearPattern = { ok: true; re: RE2JS } | { ok: false; message: string };

/**
 * The largest compiled program accepted. Matching is linear in the text with
 * a factor that grows with the program; counted repeats (`[a-f0-9]{40}`) are
 * what make it large, and 4,000 instructions leave room for dozens of them.
 */
export const MAX_PROGRAM_SIZE = 4_000;

/**
 * Compiles a pattern with RE2, or says what is wrong, where (the character
 * in the pattern, counted from 1) and how to write it instead.
 *
 * @example
 * compileLinearPattern("^(INC|CHG)-[0-9]+$").ok; // true
 * compileLinearPattern("(a)\\1"); // { ok: false, message: 'the backreference "\\1" at character 4 …' }
 */
export function compileLinearPattern(source: string, flags = 0): LinearPattern {
  let re: RE2JS;
  try {
    re = RE2JS.compile(source, flags);
  } catch (error) {
    if (error instanceof RE2JSSyntaxException) return { ok: false, message: explain(source, error) };
    if (error instanceof RE2JSException) return { ok: false, message: `RE2 cannot compile it (${error.message}); simplify the pattern` };
    throw error;
  }
  const size = re.programSize();
  if (size > MAX_PROGRAM_SIZE) {
    return { ok: false, message: `its counted repeats compile to ${size.toLocaleString("en")} steps (at most ${MAX_PROGRAM_SIZE.toLocaleString("en")}); use smaller counts, or + and * instead of large {n,m}` };
  }
  return { ok: true, re };
}

/** Turns RE2's syntax error into advice; `input` is the fragment RE2 stopped at. */
function explain(source: string, error: RE2JSSyntaxException): string {
  const fragment = typeof error.input === "string" ? error.input : "";
  const found = fragment === "" ? -1 : source.indexOf(fragment);
  const at = found < 0 ? "" : ` at character ${found + 1}`;
  const whole = found < 0 ? fragment : source.slice(found);
  const backreference = /^\\(?:[1-9][0-9]*|k<[^>]*>|k)/.exec(whole);
  if (backreference !== null) {
    return `the backreference "${backreference[0]}"${at} is not supported (patterns run on RE2, which matches in linear time); write out the text it should match again instead, e.g. (INC|CHG)-[0-9]+ rather than (INC|CHG)-\\1`;
  }
  const look = /^\(\?<?[=!]/.exec(fragment);
  if (look !== null) {
    return `the lookaround "${look[0]}…)"${at} is not supported (patterns run on RE2, which matches in linear time); match the text itself instead, e.g. list the allowed prefixes (INC|CHG)-[0-9]+ rather than excluding one with (?!…)`;
  }
  const unicode = /^\\u([0-9a-fA-F]{4})/.exec(whole);
  if (unicode !== null) return `the escape "${unicode[0]}"${at} is JavaScript syntax; write \\x{${unicode[1]}} in RE2 syntax`;
  const what = error.error.replace(/^error parsing regexp: /, "");
  return `this is not a valid regular expression in RE2 syntax (${what}${fragment === "" ? "" : `: "${fragment}"`}${at}); check its brackets, parentheses, repeat counts and backslashes`;
}
