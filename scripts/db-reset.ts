// npm run db:reset: wipes the embedded database's data folder, so the next
// `npm start` initialises it afresh and loads the seed again.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';

const config = loadConfig();
const dir = config.TRADEGRAPH_DATA_DIR;
const pidFile = path.join(dir, 'postgres', 'postmaster.pid');
if (existsSync(pidFile)) {
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  let alive = false;
  try {
    process.kill(pid, 0);
    alive = true;
  } catch (err) {
    alive = (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (alive) {
    console.error(`The embedded PostgreSQL in ${dir} is running (pid ${pid}). Stop tradegraph first, then run db:reset again.`);
    process.exit(1);
  }
}
if (config.DATABASE_URL) {
  console.log('Note: DATABASE_URL is set; db:reset only wipes the embedded database, never an external one.');
}
rmSync(dir, { recursive: true, force: true });
console.log(`Removed ${dir}. The next npm start creates a fresh embedded database and loads the seed.`);
