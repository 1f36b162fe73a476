import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runIacRules } from '../../../src/scanners/iac/engine/run.js';
import { loadIacRules } from '../../../src/scanners/iac/engine/rule.js';
import { loadIac } from '../../../src/scanners/iac/load.js';

/**
 * Every IaC rule against its fixtures. A fixture annotates the line after
 * `# ruleid: <id>` as a line the rule must report, and after `# ok: <id>` as one it must
 * not; only rules a fixture mentions are compared on it.
 */
const FIXTURES = join(import.meta.dirname, 'rules');
const rules = loadIacRules();

function fixtureFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? fixtureFiles(path) : [path];
  });
}

interface Expectations {
  must: Map<string, number[]>;
  mustNot: Map<string, number[]>;
}

function annotations(text: string): Expectations {
  const must = new Map<string, number[]>();
  const mustNot = new Map<string, number[]>();
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const match = /(?:#|\/\/)\s*(ruleid|ok):\s*([\w.-]+(?:\s*,\s*[\w.-]+)*)/.exec(line);
    if (!match) return;
    let target = i + 1;
    while (target < lines.length && /^\s*(#|\/\/)\s*(ruleid|ok):/.test(lines[target]!)) target++;
    for (const id of match[2]!.split(/\s*,\s*/)) {
      const map = match[1] === 'ruleid' ? must : mustNot;
      map.set(id, [...(map.get(id) ?? []), target + 1]);
    }
  });
  return { must, mustNot };
}

const files = fixtureFiles(FIXTURES);

describe('IaC rule fixtures', () => {
  it('every rule has fixtures that must and must not match', () => {
    const all = files.map((f) => annotations(readFileSync(f, 'utf8')));
    const missing = rules.filter((r) => !all.some((a) => a.must.has(r.id)) || !all.some((a) => a.mustNot.has(r.id))).map((r) => r.id);
    expect(missing).toEqual([]);
  });

  for (const file of files) {
    it(relative(FIXTURES, file), async () => {
      const text = readFileSync(file, 'utf8');
      const { must, mustNot } = annotations(text);
      const path = relative(FIXTURES, file);
      const { graph, warnings } = await loadIac([{ path, text }]);
      expect(warnings).toEqual([]);
      const mentioned = new Set([...must.keys(), ...mustNot.keys()]);
      const unknownIds = [...mentioned].filter((id) => !rules.some((r) => r.id === id));
      expect(unknownIds).toEqual([]);
      const findings = runIacRules(rules.filter((r) => mentioned.has(r.id)), graph);
      for (const id of mentioned) {
        const actual = findings.filter((f) => f.ruleId === id).map((f) => f.location.startLine).sort((a, b) => a - b);
        expect({ id, lines: actual }).toEqual({ id, lines: [...(must.get(id) ?? [])].sort((a, b) => a - b) });
        for (const line of mustNot.get(id) ?? []) expect(actual).not.toContain(line);
      }
    });
  }
});
