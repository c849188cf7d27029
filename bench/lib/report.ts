/** What a benchmark prints and records: the machine, tables, and its section of RESULTS.md. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO } from './processes.ts';

const RESULTS = path.join(REPO, 'bench/RESULTS.md');
const HEADER = `# Benchmark results

The latest figures of each benchmark, written by \`npm run bench -- NAME\` (see README.md).
Each section is replaced by the next run of its benchmark; older figures live in git history.
`;

export function describeMachine(): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const memoryGb = (os.totalmem() / 1024 ** 3).toFixed(0);
  return `${os.availableParallelism()} cores (${cpu}), ${memoryGb} GB memory, ${os.type()} ${os.release()}, Node ${process.version}`;
}

export function markdownTable(headers: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Replaces (or appends) the benchmark's section, kept between two HTML comments. */
export function writeResultsSection(name: string, markdown: string): string {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const section = `${start}\n${markdown.trim()}\n${end}`;
  const current = fs.existsSync(RESULTS) ? fs.readFileSync(RESULTS, 'utf8') : HEADER;
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  const next = from >= 0 && to > from
    ? current.slice(0, from) + section + current.slice(to + end.length)
    : `${current.trimEnd()}\n\n${section}\n`;
  fs.writeFileSync(RESULTS, next);
  return RESULTS;
}
