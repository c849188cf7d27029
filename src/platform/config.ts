/**
 * Configuration from the environment, overridden by command-line flags. Everything has a
 * default that works on a laptop.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  dbPoolSize: number;
  secret: string;
  logLevel: string;
  demo: boolean;
  /** The URL people use to reach this server, for links in messages. */
  publicUrl: string;
  maxUploadBytes: number;
  sessionTtlSeconds: number;
}

export type Flags = Record<string, string | boolean>;

/** Parses `--name value`, `--name=value` and boolean `--flag` / `--no-flag`. */
export function parseFlags(args: string[]): { positional: string[]; flags: Flags } {
  const positional: string[] = [];
  const flags: Flags = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (inline !== undefined) flags[name] = inline;
    else if (name.startsWith('no-')) flags[name.slice(3)] = false;
    else if (i + 1 < args.length && !args[i + 1].startsWith('--')) flags[name] = args[++i];
    else flags[name] = true;
  }
  return { positional, flags };
}

function integer(value: string | boolean | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '' || typeof value === 'boolean') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${name} must be a whole number, got "${value}".`);
  return parsed;
}

/** The signing key: LOOPDESK_SECRET, or one generated once into the data directory. */
function loadSecret(env: NodeJS.ProcessEnv, dataDir: string): string {
  if (env.LOOPDESK_SECRET) return env.LOOPDESK_SECRET;
  const file = path.join(dataDir, 'secret');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  fs.writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
  return secret;
}

export function loadConfig(flags: Flags = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const str = (flag: string, variable: string, fallback?: string) => {
    const value = flags[flag];
    if (typeof value === 'string') return value;
    return env[variable] || fallback;
  };
  const dataDir = path.resolve(str('data', 'DATA_DIR', './data')!);
  const port = integer(flags.port ?? env.PORT, 3000, 'PORT');
  const host = str('host', 'HOST', '127.0.0.1')!;
  return {
    port,
    host,
    dataDir,
    databaseUrl: str('database-url', 'DATABASE_URL'),
    dbPoolSize: integer(env.DB_POOL_SIZE, 16, 'DB_POOL_SIZE'),
    secret: loadSecret(env, dataDir),
    logLevel: str('log-level', 'LOG_LEVEL', 'info')!,
    demo: flags.demo !== false,
    publicUrl: str('public-url', 'PUBLIC_URL', `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`)!,
    maxUploadBytes: integer(env.MAX_UPLOAD_BYTES, 25 * 1024 * 1024, 'MAX_UPLOAD_BYTES'),
    sessionTtlSeconds: integer(env.SESSION_TTL_SECONDS, 7 * 24 * 3600, 'SESSION_TTL_SECONDS'),
  };
}
