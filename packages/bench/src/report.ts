/** One benchmark scenario's result: a titled table plus notes, printed and recorded in docs/performance.md. */
export interface BenchReport {
  /** Section title, also the key under which docs/performance.md keeps the section. */
  title: string;
  /** Header row first. */
  table: string[][];
  /** Further tables, each with its header row first, printed after the first. */
  tables?: string[][][];
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
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  const table = ([header = [], ...rows]: string[][]) => [line(header), line(header.map(() => "---")), ...rows.map(line)];
  const out = [`## ${report.title}`, "", ...[report.table, ...(report.tables ?? [])].flatMap((t, i) => [...(i > 0 ? [""] : []), ...table(t)])];
  if (report.notes?.length) out.push("", ...report.notes.map((n) => `- ${n}`));
  return out.join("\n") + "\n";
}
