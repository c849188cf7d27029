/**
 * PGlite is one process: a second process opening the same directory would corrupt it. The
 * lock file holds the owner's pid; a lock whose process is gone is taken over.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors.ts';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the directory's lock or throws `data_dir_in_use`; returns the release function. */
export function acquireDataDirLock(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const lockPath = path.join(path.dirname(path.resolve(dir)), `.${path.basename(dir)}.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        fs.rmSync(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(fs.readFileSync(lockPath, 'utf8'));
      if (owner && owner !== process.pid && isAlive(owner)) {
        throw new AppError('data_dir_in_use',
          `The data directory ${dir} is in use by process ${owner} (a running Loopdesk). ` +
          'Stop it first, or use PostgreSQL (DATABASE_URL) to run several processes.');
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new AppError('data_dir_in_use', `Could not lock the data directory ${dir}.`);
}
