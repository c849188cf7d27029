/**
 * `npm run dev`: the API (restarting when src/ changes) on port 3000 and the web app with hot
 * reload on port 5173, which forwards /api to the first. Open http://localhost:5173.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const api = spawn(process.execPath, ['--import', 'tsx', '--watch-path=src', 'src/app/cli.ts', 'start', '--port', '3000', '--no-web-build'], {
  cwd: repo, stdio: 'inherit', env: { ...process.env, PUBLIC_URL: process.env.PUBLIC_URL ?? 'http://localhost:5173' },
});
const web = await createServer({ configFile: path.join(repo, 'web', 'vite.config.ts') });
await web.listen();
web.printUrls();
console.log('  The API runs on http://localhost:3000 (restarts when src/ changes); use the URL above for the web app.');

const stop = async () => {
  api.kill('SIGTERM');
  await web.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
