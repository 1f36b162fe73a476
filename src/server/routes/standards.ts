/**
 * `GET /api/v1/standards`: the organisation's security standards (the Markdown documents
 * of the server's `--standards` directory, docs/standards.md) for `guardian scan` with
 * `standards.server` in guardian.yml. Any valid token may read them: CI tokens that only
 * upload need them too.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';

export function standardRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/api/v1/standards', async () => {
    if (!ctx.standardsDir) return { standards: [] };
    const names = (await readdir(ctx.standardsDir)).filter((name) => /^[\w.-]+\.md$/.test(name) && name.toLowerCase() !== 'readme.md').sort();
    return { standards: await Promise.all(names.map(async (name) => ({ name, markdown: await readFile(join(ctx.standardsDir!, name), 'utf8') }))) };
  });
}
