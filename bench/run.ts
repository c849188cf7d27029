/**
 * `npm run bench -- NAME [options]`: runs the benchmark bench/NAME.ts. Without a name (or with
 * --help) it lists the benchmarks and their options.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFlags, type Flags } from '../src/platform/config.ts';

/** What a benchmark file exports. */
interface Benchmark {
  summary: string;
  usage: string;
  run(flags: Flags): Promise<void>;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
const NAMES = fs.readdirSync(HERE).filter((file) => file.endsWith('.ts') && file !== 'run.ts').map((file) => file.slice(0, -3)).sort();

async function load(name: string): Promise<Benchmark> {
  return (await import(`./${name}.ts`)) as Benchmark;
}

async function main(argv: string[]) {
  const { positional, flags } = parseFlags(argv);
  const [name] = positional;
  if (!name || !NAMES.includes(name)) {
    if (name) console.error(`No benchmark "${name}".\n`);
    console.log('Usage: npm run bench -- NAME [options]\n');
    for (const each of NAMES) console.log(`  ${each.padEnd(12)} ${(await load(each)).summary}`);
    process.exitCode = name ? 2 : 0;
    return;
  }
  const benchmark = await load(name);
  if (flags.help) {
    console.log(`npm run bench -- ${name}: ${benchmark.summary}\n\n${benchmark.usage}`);
    return;
  }
  await benchmark.run(flags);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  process.exitCode = 1;
});
