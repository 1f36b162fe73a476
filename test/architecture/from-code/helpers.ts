import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type CodeFile, architectureFromCode } from '../../../src/architecture/from-code/index.js';
import type { Architecture, Element, Flow } from '../../../src/architecture/model.js';
import { languageFromPath } from '../../../src/core/languages.js';

/** Every source file under `root`, with repository-relative paths, in directory order. */
export function loadTree(root: string): CodeFile[] {
  const out: CodeFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else {
        const language = languageFromPath(path);
        if (language) out.push({ path, text: readFileSync(join(root, path), 'utf8'), language });
      }
    }
  };
  walk('');
  return out;
}

export const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;

export function fixture(name: string): Architecture {
  return architectureFromCode(loadTree(join(FIXTURES, name)));
}

export function element(model: Architecture, id: string): Element {
  const found = model.elements.find((e) => e.id === id);
  if (!found) throw new Error(`no element ${id}; have ${model.elements.map((e) => e.id).join(', ')}`);
  return found;
}

export function flow(model: Architecture, id: string): Flow {
  const found = model.flows.find((f) => f.id === id);
  if (!found) throw new Error(`no flow ${id}; have ${model.flows.map((f) => f.id).join(', ')}`);
  return found;
}

/** Build a model from inline sources: `{ 'app.py': '...' }`. */
export function inline(sources: Record<string, string>): Architecture {
  return architectureFromCode(Object.entries(sources).map(([path, text]) => ({ path, text, language: languageFromPath(path)! })));
}
