import { parseXml } from 'libxmljs2';
import type { Request, Response } from 'express';
import type { Context } from 'koa';
import { readFileSync } from 'node:fs';

export function samlAcs(req: Request, res: Response): void {
  const assertion = Buffer.from(req.body.SAMLResponse as string, 'base64').toString('utf8');
  // ruleid: javascript.xxe.libxmljs-noent-taint
  const doc = parseXml(assertion, { dtdload: true, noblanks: true });
  // ok: javascript.xxe.libxmljs-noent-taint, javascript.xxe.libxmljs-noent
  const plain = parseXml(assertion);
  res.json({ issuer: doc.get('//*[local-name()="Issuer"]')?.text(), ok: !!plain });
}

export async function soapEndpoint(ctx: Context): Promise<void> {
  const envelope = ctx.request.body as string;
  // ruleid: javascript.xxe.libxmljs-noent-taint
  const doc = parseXml(envelope, { noent: true });
  ctx.body = doc.root()?.name();
}

export function loadWsdl(path: string): unknown {
  // ruleid: javascript.xxe.libxmljs-noent
  return parseXml(readFileSync(path, 'utf8'), { dtdload: true });
}

export function loadConfig(path: string): unknown {
  // ok: javascript.xxe.libxmljs-noent
  return parseXml(readFileSync(path, 'utf8'), { noent: false, nonet: true });
}
