/** One benchmark scenario's result: a titled table plus notes, printed and recorded in docs/performance.md. */
export interface BenchReport {
  /** Section title, also the key under which docs/performance.md keeps the section. */
  title: string;
  /** Header row first. */
  table: string[][];
  notes?: string[];
}

export interface BenchScenario {
  name: string;
  description: string;
  run(): Promise<BenchReport>;
}

/**
 * Renders a report as a markdown section.
 *
 * @example
 * renderReport({ title: "Masking", table: [["case", "MB/s"], ["log", "120"]] });
 */
export function renderReport(report: BenchReport): string {
  const [header = [], ...rows] = report.table;
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  const out = [`## ${report.title}`, "", line(header), line(header.map(() => "---")), ...rows.map(line)];
  if (report.notes?.length) out.push("", ...report.notes.map((n) => `- ${n}`));
  return out.join("\n") + "\n";
}
