/**
 * The web app is built from web/ into dist/web by Vite. `loopdesk start` builds it when the
 * sources changed since the last build (a stamp of their names, sizes and times), so
 * `npm ci && npm start` works on a fresh clone with no separate build step.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const WEB_SOURCE = path.join(REPO, 'web');
/** LOOPDESK_WEB_DIST moves it (engineers building in parallel each keep their own). */
export const WEB_DIST = process.env.LOOPDESK_WEB_DIST ? path.resolve(process.env.LOOPDESK_WEB_DIST) : path.join(REPO, 'dist', 'web');
const STAMP = path.join(WEB_DIST, '.source-stamp');

function* files(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else yield full;
  }
}

/** Changes when any web source or the installed packages change. */
export function sourceStamp(): string {
  const hash = createHash('sha256');
  for (const file of [...files(WEB_SOURCE), path.join(REPO, 'package-lock.json')].sort()) {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat) hash.update(`${path.relative(REPO, file)}\0${stat.size}\0${stat.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

export function webIsBuilt(): boolean {
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html')) || !fs.existsSync(STAMP)) return false;
  return fs.readFileSync(STAMP, 'utf8') === sourceStamp();
}

/** Builds dist/web with Vite (about a minute on 2 cores), unless it is current. */
export async function buildWeb(options: { force?: boolean; say?: (line: string) => void } = {}): Promise<boolean> {
  if (!options.force && webIsBuilt()) return false;
  const say = options.say ?? (() => {});
  const started = Date.now();
  say('Building the web app (only when its sources changed)...');
  const stamp = sourceStamp();
  const { build } = await import('vite');
  // Vite keeps a NODE_ENV it finds (vitest sets "test"), which would ship development React.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(WEB_SOURCE, 'vite.config.ts'), mode: 'production', logLevel: 'warn', build: { outDir: WEB_DIST } });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  fs.writeFileSync(STAMP, stamp);
  say(`Web app built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return true;
}
