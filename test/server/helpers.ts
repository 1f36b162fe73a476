/**
 * A started server over a fresh database, with the bootstrap admin token and a request
 * helper. SQLite always; PostgreSQL when GUARDIAN_TEST_POSTGRES names a server whose role
 * may create databases (.ci/run starts one): each server gets its own database, dropped
 * when it closes.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Started, StartOptions } from '../../src/server/start.js';
import { startServer } from '../../src/server/start.js';

export interface TestServer extends Started {
  admin: string;
  // Response bodies are asserted by value in the tests; typing each one would only restate them.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, token: string | undefined, body?: unknown): Promise<{ status: number; body: any }>;
  /** Close the server and drop its database. */
  close(): Promise<void>;
}

/** The engines every server suite runs on: `[name, available]`. */
export const ENGINES: [string, boolean][] = [
  ['sqlite', true],
  ['postgres', !!process.env.GUARDIAN_TEST_POSTGRES],
];

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.GUARDIAN_TEST_POSTGRES });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export async function testServer(engine = 'sqlite', extra: Omit<StartOptions, 'database'> = {}): Promise<TestServer> {
  let database = ':memory:';
  let drop = async () => {};
  if (engine === 'postgres') {
    const name = `guardian_test_${randomBytes(6).toString('hex')}`;
    await adminQuery(`create database ${name}`);
    const url = new URL(process.env.GUARDIAN_TEST_POSTGRES!);
    url.pathname = `/${name}`;
    database = url.toString();
    drop = () => adminQuery(`drop database if exists ${name} with (force)`);
  }
  const started = await startServer({ database, ...extra });
  if (!started.bootstrapToken) throw new Error('no bootstrap token on an empty database');
  return {
    ...started,
    admin: started.bootstrapToken,
    async call(method, url, token, body) {
      const response = await started.app.inject({ method, url, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(body !== undefined ? { payload: body as object } : {}) });
      return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : undefined };
    },
    async close() {
      await started.stop();
      await drop();
    },
  };
}

/** Create a token with the admin token; returns the token text. */
export async function token(server: TestServer, role: string, teams: string[], scopes: string[]): Promise<string> {
  const { status, body } = await server.call('POST', '/api/v1/tokens', server.admin, { name: `${role} ${teams.join(',')}`, role, teams, scopes });
  if (status !== 201) throw new Error(JSON.stringify(body));
  return body.token as string;
}
