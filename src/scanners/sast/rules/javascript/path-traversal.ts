import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { NextApiRequest, NextApiResponse } from 'next';
import type { FastifyInstance } from 'fastify';

const DOCS_DIR = join(process.cwd(), 'docs');

export default async function handler(req: NextApiRequest, res: NextApiResponse): Promise<void> {
  const slug = req.query.slug as string;
  // ruleid: javascript.path-traversal.taint
  const markdown = await readFile(join(DOCS_DIR, `${slug}.md`), 'utf8');
  // ok: javascript.path-traversal.taint
  const index = await readFile(join(DOCS_DIR, 'index.md'), 'utf8');
  res.status(200).json({ markdown, index });
}

const ALLOWED_EXPORTS: Record<string, string> = { csv: 'export.csv', json: 'export.json' };

export function routes(app: FastifyInstance): void {
  app.post<{ Body: { name: string; format: string; data: string } }>('/exports', async (request, reply) => {
    const { name, data } = request.body;
    // ruleid: javascript.path-traversal.taint
    await writeFile(`/srv/exports/${name}`, data);
    // ok: javascript.path-traversal.taint
    await writeFile(join('/srv/exports', ALLOWED_EXPORTS[request.body.format] ?? 'export.txt'), data);
    return reply.code(201).send();
  });
}
