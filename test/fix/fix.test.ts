/**
 * Mechanical fixes: each fix applied to code the rule flags, then a re-scan with the real
 * scanner proves the finding gone; code the fix cannot rewrite safely is refused with a reason.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from '@ast-grep/napi';
import { registerAstLanguages } from '../../src/core/ast-languages.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runScan } from '../../src/core/run.js';
import { suggestFix } from '../../src/fix/index.js';
import { createScanners } from '../../src/scanners/index.js';

const CODE = `import pickle
import yaml


def read(path):
    with open(path) as fh:
        return yaml.load(fh)


def read_all(stream):
    return list(yaml.load_all(stream, Loader=yaml.FullLoader))


def legacy(stream):
    return yaml.unsafe_load(stream)


def nested(path):
    return yaml.load(open(path), Loader=yaml.Loader)


def cached(blob):
    return pickle.loads(blob)
`;

let root: string;
const scan = async () => (await runScan({ root, config: { standards: { defaults: false } }, scanners: await createScanners(['sast']), offline: true })).findings;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'guardian-fix-'));
  writeFileSync(join(root, 'store.py'), CODE);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('suggestFix', () => {
  it('rewrites every unsafe PyYAML load to its safe form, and the re-scan is clean', async () => {
    const findings = (await scan()).filter((f) => f.ruleId === 'python.deserialization.yaml-unsafe-load');
    expect(findings.map((f) => f.location.startLine)).toEqual([7, 11, 15, 19]);
    const lines = CODE.split('\n');
    for (const finding of findings) {
      const fix = await suggestFix(root, finding);
      if ('reason' in fix) throw new Error(fix.reason);
      for (const edit of fix.edits) lines[edit.startLine - 1] = edit.replacement;
    }
    const fixed = lines.join('\n');
    writeFileSync(join(root, 'store.py'), fixed);
    expect(fixed).toContain('        return yaml.safe_load(fh)\n');
    expect(fixed).toContain('    return list(yaml.safe_load_all(stream))\n');
    expect(fixed).toContain('    return yaml.safe_load(stream)\n');
    expect(fixed).toContain('    return yaml.safe_load(open(path))\n');
    registerAstLanguages();
    expect(parse('python', fixed).root().find({ rule: { kind: 'ERROR' } })).toBeNull();
    expect((await scan()).filter((f) => f.ruleId.startsWith('python.deserialization.') && f.location.startLine !== 23)).toEqual([]);
  });

  it('gives a unified diff git can apply', async () => {
    const [finding] = (await scan()).filter((f) => f.ruleId === 'python.deserialization.yaml-unsafe-load');
    const fix = await suggestFix(root, finding!);
    expect('diff' in fix && fix.diff).toBe(
      ['--- a/store.py', '+++ b/store.py', '@@ -4,7 +4,7 @@', ' ', ' def read(path):', '     with open(path) as fh:', '-        return yaml.load(fh)', '+        return yaml.safe_load(fh)', ' ', ' ', ' def read_all(stream):', ''].join('\n'),
    );
  });

  it('refuses what it cannot rewrite safely, and a file that changed since the scan', async () => {
    const findings = await scan();
    const pickleFinding = findings.find((f) => f.location.startLine === 23)!;
    expect(await suggestFix(root, pickleFinding)).toEqual({ reason: expect.stringMatching(new RegExp(`^${pickleFinding.ruleId.replaceAll('.', '\\.')} has no mechanical fix`)) });
    // The taint rule has the PyYAML fix, but pickle is not PyYAML.
    expect(await suggestFix(root, { ...pickleFinding, ruleId: 'python.deserialization.taint' })).toEqual({ reason: expect.stringContaining('no safe drop-in replacement') });
    const yamlFinding = findings.find((f) => f.ruleId === 'python.deserialization.yaml-unsafe-load')!;
    writeFileSync(join(root, 'store.py'), readFileSync(join(root, 'store.py'), 'utf8').replace('return yaml.load(fh)', 'return json.load(fh)'));
    expect(await suggestFix(root, yamlFinding)).toEqual({ reason: 'store.py:7 changed since the scan; scan again' });
  });
});
