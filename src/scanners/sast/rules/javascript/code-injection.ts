import type { NextApiRequest, NextApiResponse } from 'next';
import { Script, createContext } from 'node:vm';

interface Formula {
  expression: string;
  variables: Record<string, number>;
}

function buildScript(source: string): Script {
  return new Script(source, { filename: 'formula.js' });
}

export default async function handler(req: NextApiRequest, res: NextApiResponse): Promise<void> {
  const formula = req.body as Formula;
  const context = createContext({ ...formula.variables });
  // ruleid: javascript.code-injection.taint
  const script = buildScript(formula.expression);
  res.status(200).json({ value: script.runInContext(context) });
}

export function reportTemplate(req: NextApiRequest): string {
  const fields = String(req.query.fields ?? '').split(',');
  // ok: javascript.code-injection.taint
  const known = fields.filter((f) => ['id', 'name'].includes(f)).length;
  // ok: javascript.code-injection.taint, javascript.code-injection.eval-dynamic
  const counter = new Function('rows', 'return rows.length');
  return `${known}:${counter([])}`;
}

export function debugEval(snippet: string): unknown {
  // ruleid: javascript.code-injection.eval-dynamic
  return eval(snippet as string);
}
