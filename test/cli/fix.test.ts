import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';

const CODE = 'import yaml\n\n\ndef read(path):\n    with open(path) as fh:\n        return yaml.load(fh)\n';
let root: string;
let stdout = '';
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'guardian-fix-cli-'));
  writeFileSync(join(root, 'cfg.py'), CODE);
  stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(root, { recursive: true, force: true });
});

describe('guardian fix', () => {
  it('--dry-run prints the patch and changes nothing; without it the file is fixed and a re-run has nothing to do', async () => {
    expect(await main(['node', 'guardian', 'fix', root, '--dry-run'])).toBe(1);
    expect(stdout).toContain('-        return yaml.load(fh)\n+        return yaml.safe_load(fh)');
    expect(stdout).toContain('1 fix to apply (dry run: nothing changed)');
    expect(readFileSync(join(root, 'cfg.py'), 'utf8')).toBe(CODE);

    stdout = '';
    expect(await main(['node', 'guardian', 'fix', root])).toBe(0);
    expect(readFileSync(join(root, 'cfg.py'), 'utf8')).toBe(CODE.replace('yaml.load(fh)', 'yaml.safe_load(fh)'));
    stdout = '';
    expect(await main(['node', 'guardian', 'fix', root, '--dry-run'])).toBe(0);
    expect(stdout).toContain('0 fixes to apply');
  }, 60_000);
});
