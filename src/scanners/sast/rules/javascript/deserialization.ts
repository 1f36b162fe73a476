import { unserialize } from 'node-serialize';
import funcster from 'funcster';
import type { Request, Response } from 'express';
import type { Context } from 'koa';

export function importWidget(req: Request, res: Response): void {
  const { payload } = req.body as { payload: string };
  // ruleid: javascript.deserialization.taint
  const widget = unserialize(payload);
  // ok: javascript.deserialization.taint
  const settings = JSON.parse(payload) as Record<string, unknown>;
  res.json({ widget, settings });
}

export async function runPlugin(ctx: Context): Promise<void> {
  const body = ctx.request.body as { fn: unknown };
  // ruleid: javascript.deserialization.taint
  const plugin = funcster.deepDeserialize(body.fn);
  ctx.body = { ok: typeof plugin === 'function' };
}

export function loadFixtures(serialized: string): unknown {
  // ruleid: javascript.deserialization.unsafe-deserializer
  return funcster.deepDeserialize(JSON.parse(serialized));
}
