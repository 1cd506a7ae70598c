import { createMasker, type Masker } from "../masking/index.js";

/** Where CLI commands write: every line through the masker. */
export interface Output {
  line(text?: string): void;
  error(text: string): void;
  masker: Masker;
}

/**
 * Standard output and error, masked.
 *
 * @example
 * const out = consoleOutput();
 * out.line("mail jane.doe@example.com"); // prints "mail j***@example.com"
 */
export function consoleOutput(masker: Masker = createMasker()): Output {
  return {
    masker,
    line: (text = "") => void process.stdout.write(`${masker.mask(text)}\n`),
    error: (text) => void process.stderr.write(`${masker.mask(text)}\n`),
  };
}
