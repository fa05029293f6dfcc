// Runs before `npm test`: the server suite runs a second time on PostgreSQL (the
// `server-postgres` project), against a real server on 127.0.0.1:5432 (or the one
// ACCOUNT_LENS_TEST_POSTGRES names). Plain Node and no packages. A stopped cluster is started,
// and a missing one installed with apt-get, when this runs as root on Debian/Ubuntu; otherwise
// it stops at once with the command to run.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';

const url = new URL(
  process.env.ACCOUNT_LENS_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test',
);
const host = url.hostname;
const port = Number(url.port || 5432);

/** Whether something accepts connections on the port (PostgreSQL then answers the tests). */
const listening = () =>
  new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(2_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });

const waitUntilListening = async (ms) => {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await listening()) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
};

if (await listening()) process.exit(0);

const local = host === '127.0.0.1' || host === 'localhost';
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!local || !isRoot) {
  console.error(`The server tests on PostgreSQL need a database server on ${host}:${port}.`);
  console.error('Start one (trust auth for local connections, a database named test), e.g.:');
  console.error('  sudo apt-get install -y postgresql && sudo pg_ctlcluster 15 main start');
  console.error('or point ACCOUNT_LENS_TEST_POSTGRES at one: postgres://user@host:5432/test');
  process.exit(1);
}

const run = (command, args, env = process.env) => {
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal}).`);
    process.exit(1);
  }
};

const clusters = () => (existsSync('/etc/postgresql') ? readdirSync('/etc/postgresql') : []);
const installed = clusters().length === 0;
if (installed) {
  console.log('Installing PostgreSQL for the server tests: apt-get install postgresql…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], env);
  run('apt-get', ['install', '-y', '-qq', 'postgresql'], env);
}
const [version] = clusters();
if (version === undefined) {
  console.error('apt-get finished, but no PostgreSQL cluster is set up in /etc/postgresql.');
  process.exit(1);
}
if (installed) {
  // Only a cluster installed just now for the tests is opened up: trust on the loopback.
  const hba = `/etc/postgresql/${version}/main/pg_hba.conf`;
  writeFileSync(hba, `host all all 127.0.0.1/32 trust\n${readFileSync(hba, 'utf8')}`);
}
console.log(`Starting PostgreSQL ${version} for the server tests…`);
run('pg_ctlcluster', [
  '--skip-systemctl-redirect',
  version,
  'main',
  installed ? 'restart' : 'start',
]);
if (!(await waitUntilListening(30_000))) {
  console.error(`PostgreSQL ${version} started, but nothing listens on ${host}:${port}.`);
  process.exit(1);
}
const database = url.pathname.slice(1) || 'test';
const exists = spawnSync(
  'su',
  [
    'postgres',
    '-c',
    `psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '${database}'"`,
  ],
  { encoding: 'utf8' },
);
if (exists.stdout?.trim() !== '1') run('su', ['postgres', '-c', `createdb ${database}`]);
