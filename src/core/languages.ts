/** Source languages Guardian's code analysers understand. */
export type Language = 'python' | 'javascript' | 'typescript' | 'tsx';

const BY_EXTENSION: Readonly<Record<string, Language>> = {
  '.py': 'python',
  '.pyw': 'python',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascript',
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'tsx',
};

/** Language by file name (extension), or undefined. `.d.ts` declaration files have no code. */
export function languageFromPath(path: string): Language | undefined {
  if (path.endsWith('.d.ts')) return undefined;
  const dot = path.lastIndexOf('.');
  if (dot <= path.lastIndexOf('/')) return undefined;
  return BY_EXTENSION[path.slice(dot).toLowerCase()];
}

/** Language from a `#!` line (`#!/usr/bin/env python3`, `#!/usr/bin/node`), or undefined. */
export function languageFromShebang(firstLine: string): Language | undefined {
  if (!firstLine.startsWith('#!')) return undefined;
  if (/\bpython[0-9.]*\b/.test(firstLine)) return 'python';
  if (/\b(node|nodejs|deno|bun)\b/.test(firstLine)) return 'javascript';
  return undefined;
}

/** The language family: TypeScript and TSX share JavaScript's rules. */
export function languageFamily(lang: Language): 'python' | 'javascript' {
  return lang === 'python' ? 'python' : 'javascript';
}
