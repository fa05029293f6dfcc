/**
 * A database of its own for each test, on the PostgreSQL the tests run against: test files run
 * in parallel and tests leave rows behind, so none may share one. ACCOUNT_LENS_TEST_POSTGRES
 * names the server and a database to connect to while creating and dropping the others.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

export const TEST_POSTGRES =
  process.env.ACCOUNT_LENS_TEST_POSTGRES ??
  `postgres://${process.env.PGUSER ?? 'postgres'}@127.0.0.1:5432/test`;

export interface TestDatabase {
  readonly url: string;
  /** Drop the database, ending whatever connections a test left open to it. */
  drop(): Promise<void>;
}

async function onServer(statement: string): Promise<void> {
  const sql = postgres(TEST_POSTGRES, { max: 1, onnotice: false });
  try {
    // CREATE and DROP DATABASE cannot run in a transaction: sent alone, with no parameters.
    await sql.unsafe(statement);
  } finally {
    await sql.end();
  }
}

export async function freshPostgresUrl(): Promise<TestDatabase> {
  const name = `al_${randomBytes(8).toString('hex')}`;
  await onServer(`CREATE DATABASE ${name}`);
  const url = new URL(TEST_POSTGRES);
  url.pathname = `/${name}`;
  let dropped: Promise<void> | undefined;
  return {
    url: url.toString(),
    drop() {
      dropped ??= onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      return dropped;
    },
  };
}
