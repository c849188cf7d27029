/**
 * `loopdesk <command>`: start, runner, migrate, demo, tenant create. See API.md.
 */
import { createLogger } from '../platform/logger.ts';
import { loadConfig, parseFlags, type Config } from '../platform/config.ts';
import { openDatabase, type Database } from '../platform/db/connect.ts';
import { migrate } from '../platform/db/migrate.ts';
import { systemClock } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';
import type { Ctx } from '../platform/context.ts';
import { buildLoopdesk, VERSION } from './build.ts';
import { provisionTenant } from './provision.ts';
import { startBackgroundRunner } from './runner.ts';
import { DEMO_PASSWORD, DEMO_TENANT, seedDemo } from '../modules/demo/index.ts';
import { createTicketHooks } from './wiring.ts';
import { buildWeb } from './web-build.ts';
import path from 'node:path';
import { BlobStore } from '../platform/blobs.ts';

const USAGE = `Loopdesk ${VERSION}: the work-order system

Usage: loopdesk <command> [options]

  start [--port 3000] [--data ./data] [--no-demo]   API, web app and background runner in one process
        [--no-web-build]                            serve the web app as built (npm run dev serves it itself)
  runner                                            the background runner alone (PostgreSQL)
  migrate                                           bring the schema up to date and exit
  demo                                              seed the demo tenant (idempotent), print its logins
  tenant create --slug S --name N --admin-email E --admin-password P
  build-web [--force]                               build the web app into dist/web (start does it when needed)

Environment: DATABASE_URL (PostgreSQL; PGlite in DATA_DIR when absent), PORT, HOST, DATA_DIR,
LOOPDESK_SECRET, LOG_LEVEL, PUBLIC_URL, MAX_UPLOAD_BYTES.`;

async function open(config: Config): Promise<Database> {
  return openDatabase({
    databaseUrl: config.databaseUrl,
    pgliteDir: config.databaseUrl ? undefined : path.join(config.dataDir, 'pglite'),
    poolSize: config.dbPoolSize,
  });
}

function printLogins(config: Config, users: { email: string; roles: string[] }[]) {
  const lines = users.map((user) => `    ${user.email.padEnd(32)} ${user.roles.join(', ')}`);
  console.log(`\n  Demo tenant "${DEMO_TENANT}", password for everyone: ${DEMO_PASSWORD}\n${lines.join('\n')}\n`);
  void config;
}

async function start(config: Config, options: { webBuild: boolean }) {
  const logger = createLogger(config.logLevel);
  if (options.webBuild) await buildWeb({ say: (line) => console.log(line) });
  const database = await open(config);
  const applied = await migrate(database.db);
  if (applied.length) logger.info({ applied }, 'schema migrated');
  const ctx: Ctx = { db: database.db, clock: systemClock, log: logger };
  const empty = !(await database.db.selectFrom('tenants').select('id').limit(1).executeTakeFirst());
  // One domain for the process: the app, the demo seed and the in-process runner share its wiring.
  const { app, services: { domain } } = await buildLoopdesk({ config, database, logger });
  let seeded: Awaited<ReturnType<typeof seedDemo>> | undefined;
  if (config.demo && empty) {
    console.log('Seeding the demo tenant (first start only)...');
    seeded = await seedDemo(ctx, domain.hooks);
  }
  await app.listen({ port: config.port, host: config.host });
  const runner = await startBackgroundRunner(ctx, domain);

  console.log(`\n  Loopdesk ${VERSION} is running on ${database.kind === 'pglite' ? `PGlite in ${config.dataDir}` : 'PostgreSQL'}`);
  console.log(`  Open ${config.publicUrl}   API docs: ${config.publicUrl}/docs`);
  if (seeded) printLogins(config, seeded.logins);
  else if (config.demo && !empty) console.log(`  Demo logins (if the demo tenant exists): tenant "${DEMO_TENANT}", e.g. admin@demo.loopdesk / ${DEMO_PASSWORD}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: draining requests');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      await app.close(); // stops accepting, waits for requests in flight
    } finally {
      await runner.stop(); // finishes the jobs in flight
      await database.close();
    }
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

async function main(argv: string[]) {
  const { positional, flags } = parseFlags(argv);
  const [command, sub] = positional;
  if (!command || flags.help || command === 'help') {
    console.log(USAGE);
    return;
  }
  const config = loadConfig(flags);
  switch (command) {
    case 'start':
      return start(config, { webBuild: flags['web-build'] !== false });
    case 'build-web':
      if (!(await buildWeb({ force: Boolean(flags.force), say: (line) => console.log(line) }))) console.log('The web app is up to date.');
      return;
    case 'migrate': {
      const database = await open(config);
      try {
        const applied = await migrate(database.db);
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The schema is up to date.');
      } finally {
        await database.close();
      }
      return;
    }
    case 'demo': {
      const database = await open(config);
      try {
        await migrate(database.db);
        const demoCtx = { db: database.db, clock: systemClock, log: createLogger(config.logLevel) };
        const result = await seedDemo(demoCtx, createTicketHooks(demoCtx, { secret: config.secret, publicUrl: config.publicUrl }, new BlobStore(path.join(config.dataDir, 'blobs'))));
        printLogins(config, result.logins);
      } finally {
        await database.close();
      }
      return;
    }
    case 'tenant': {
      if (sub !== 'create') throw new AppError('invalid_input', 'Usage: loopdesk tenant create --slug S --name N --admin-email E --admin-password P');
      const need = (name: string) => {
        const value = flags[name];
        if (typeof value !== 'string' || !value) throw new AppError('invalid_input', `--${name} is required.`);
        return value;
      };
      const input = { slug: need('slug'), name: need('name'), adminEmail: need('admin-email'), adminPassword: need('admin-password') };
      const database = await open(config);
      try {
        await migrate(database.db);
        const { tenant } = await provisionTenant({ db: database.db, clock: systemClock, log: createLogger(config.logLevel) }, input);
        console.log(`Tenant "${tenant.slug}" created (${tenant.id}). Its admin logs in as ${input.adminEmail}.`);
      } finally {
        await database.close();
      }
      return;
    }
    case 'runner': {
      const { runRunner } = await import('./runner.ts');
      return runRunner(config, await open(config));
    }
    default:
      throw new AppError('invalid_input', `Unknown command "${command}".\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof AppError || error instanceof Error ? error.message : String(error);
  console.error(`loopdesk: ${message}`);
  process.exit(error instanceof AppError && error.status < 500 ? 2 : 1);
});
