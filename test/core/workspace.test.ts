import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { WarningSink } from '../../src/core/warnings.js';
import { Workspace, looksMinified } from '../../src/core/workspace.js';

let root: string;

function write(path: string, content: string | Buffer): void {
  const full = join(root, path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, content);
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'guardian-ws-'));
  write('app.py', 'print("hi")\n');
  write('src/index.ts', 'export const a = 1;\n');
  write('src/view.tsx', 'export const V = () => null;\n');
  write('src/types.d.ts', 'declare const x: number;\n');
  write('scripts/deploy', '#!/usr/bin/env python3\nimport os\n');
  write('.gitignore', 'secret-output/\n*.log\ncdk.out\n');
  write('infra/cdk.out/AppStack.template.json', '{"Resources": {}}\n');
  write('infra/cdk.out/manifest.json', '{}\n');
  write('infra/cdk.out/asset.abc123/index.js', 'exports.handler = 1;\n');
  write('secret-output/data.py', 'x = 1\n');
  write('debug.log', 'noise\n');
  write('pkg/.gitignore', 'generated.js\n');
  write('pkg/generated.js', 'var a;\n');
  write('pkg/kept.js', 'var b;\n');
  write('node_modules/lib/index.js', 'module.exports = 1;\n');
  write('dist/bundle.js', 'x\n');
  write('vendor/lib.py', 'x\n');
  write('static/app.min.js', 'x\n');
  write('static/inline.js', `var a=${'1+'.repeat(20000)}1;`);
  write('env/pyvenv.cfg', 'home = /usr/bin\n');
  write('env/lib/site.py', 'x\n');
  write('img/logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]));
  write('img/huge-photo.jpg', Buffer.alloc(2 * 1024 * 1024, 0xff));
  write('data/model.bin', Buffer.from([0x01, 0x02, 0, 0, 0x03]));
  write('big.py', `# ${'x'.repeat(2 * 1024 * 1024)}\n`);
  write('package-lock.json', `{"lockfileVersion": 3, "pad": "${'x'.repeat(2 * 1024 * 1024)}"}`);
  write('latin1.py', Buffer.from('name = "caf\xe9"\n', 'latin1'));
  write('tests/fixtures/case.py', 'x\n');
  symlinkSync(join(root, 'src'), join(root, 'src-link'));
});

describe('Workspace', () => {
  it('keeps source files and skips what is not the project’s own', async () => {
    const warnings = new WarningSink();
    const ws = new Workspace(root, warnings, { exclude: ['tests/fixtures/**'] });
    const files = await ws.files();
    expect(files.map((f) => f.path)).toEqual([
      '.gitignore',
      'app.py',
      'data/model.bin',
      'infra/cdk.out/AppStack.template.json',
      'latin1.py',
      'package-lock.json',
      'pkg/.gitignore',
      'pkg/kept.js',
      'scripts/deploy',
      'src/index.ts',
      'src/types.d.ts',
      'src/view.tsx',
      'static/inline.js',
    ]);
    expect(files.find((f) => f.path === 'src/view.tsx')?.language).toBe('tsx');
    expect(files.find((f) => f.path === 'src/types.d.ts')?.language).toBeUndefined();
    expect(warnings.items).toEqual([expect.objectContaining({ code: 'file-too-large', path: 'big.py' })]);
    expect(ws.skipped.get('too-large')).toBe(1);
    expect(ws.skipped.get('minified')).toBe(1);
    expect(ws.skipped.get('symlink')).toBe(1);
    // Media are binary by name: skipped without reading, and a large photo is no warning.
    expect(ws.skipped.get('binary')).toBe(2);
  });

  it('recognises binary, minified, shebang and invalid UTF-8 files when reading', async () => {
    const warnings = new WarningSink();
    const ws = new Workspace(root, warnings);
    const files = await ws.files();
    const get = (p: string) => files.find((f) => f.path === p)!;
    expect(await ws.readText(get('data/model.bin'))).toBeUndefined();
    expect(await ws.readText(get('static/inline.js'))).toBeUndefined();
    const script = get('scripts/deploy');
    expect(await ws.readText(script)).toContain('import os');
    expect(script.language).toBe('python');
    expect(await ws.readText(get('latin1.py'))).toBe('name = "caf\uFFFD"\n');
    expect(warnings.items.map((w) => [w.code, w.path])).toContainEqual(['invalid-utf8', 'latin1.py']);
    expect(ws.skipped.get('binary')).toBe(3);
  });

  it('can ignore .gitignore when asked', async () => {
    const ws = new Workspace(root, new WarningSink(), { gitignore: false });
    const paths = (await ws.files()).map((f) => f.path);
    expect(paths).toContain('debug.log');
    expect(paths).toContain('secret-output/data.py');
    expect(paths).not.toContain('node_modules/lib/index.js');
  });
});

describe('looksMinified', () => {
  it('flags long-line bundles but not normal code', () => {
    expect(looksMinified(`!function(){${'a=1;'.repeat(3000)}}()`)).toBe(true);
    expect(looksMinified('const a = 1;\n'.repeat(500))).toBe(false);
  });
});
