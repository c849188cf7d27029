/**
 * Once per test run: bring the test database's schema up to date. On PGlite, migrate once and
 * keep a snapshot, so each test file starts from it in ~0.6 s instead of ~5 s of initdb.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../../src/platform/db/connect.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import { snapshotPath } from './database.ts';
import { buildWeb } from '../../src/app/web-build.ts';

export default async function setup() {
  // The browser tests drive the built web app; building takes ~15 s, and only when web/ changed.
  await buildWeb({ say: (line) => console.log(line) });
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const database = await openDatabase({ databaseUrl: url, poolSize: 2 });
    await migrate(database.db);
    await database.close();
    return;
  }
  const file = snapshotPath();
  if (fs.existsSync(file)) return;
  const database = await openDatabase({});
  await migrate(database.db);
  const tarball = await database.pglite!.dumpDataDir('none');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(`${file}.part`, Buffer.from(await tarball.arrayBuffer()));
  fs.renameSync(`${file}.part`, file);
  await database.close();
}
