/**
 * Import resolution inside the repository: which file a module specifier names.
 * Python: relative (`.views`, `..models`) from the importing package, absolute dotted
 * names (`shop.views`) by path suffix (the source root is unknown). JavaScript/TypeScript:
 * relative specifiers with Node's extension and `index` lookup (and `.js` written for a
 * `.ts` file). Packages outside the repository resolve to nothing.
 */

const JS_EXTENSIONS = ['', '.js', '.ts', '.mjs', '.cjs', '.jsx', '.tsx', '.mts', '.cts'];

/** Resolves specifiers against one set of repository paths. */
export class ModuleResolver {
  private readonly paths: ReadonlySet<string>;
  /** `views.py` → every path ending in it, for absolute Python names. */
  private readonly byName = new Map<string, string[]>();

  constructor(paths: Iterable<string>) {
    this.paths = new Set(paths);
    for (const path of [...this.paths].sort()) {
      const name = path.slice(path.lastIndexOf('/') + 1);
      const list = this.byName.get(name) ?? [];
      list.push(path);
      this.byName.set(name, list);
    }
  }

  /** The file `specifier` names when imported from `from`, or undefined. */
  resolve(from: string, specifier: string, family: 'python' | 'javascript'): string | undefined {
    return family === 'python' ? this.python(from, specifier) : this.javascript(from, specifier);
  }

  private python(from: string, specifier: string): string | undefined {
    const dots = /^\.*/.exec(specifier)![0].length;
    const rest = specifier.slice(dots).split('.').filter(Boolean).join('/');
    if (dots > 0) {
      const base = dirname(from).split('/').filter(Boolean);
      base.splice(Math.max(0, base.length - (dots - 1)));
      const prefix = base.length ? `${base.join('/')}/` : '';
      return this.firstOf([`${prefix}${rest}.py`, `${prefix}${rest}/__init__.py`]);
    }
    if (!rest) return undefined;
    // Absolute: nearest file whose path ends with the dotted name.
    const tails = [`${rest}.py`, `${rest}/__init__.py`];
    const matches = tails.flatMap((tail) => (this.byName.get(tail.slice(tail.lastIndexOf('/') + 1)) ?? []).filter((p) => p === tail || p.endsWith(`/${tail}`)));
    return nearest(from, matches);
  }

  private javascript(from: string, specifier: string): string | undefined {
    if (!specifier.startsWith('.')) return undefined;
    const joined = normalize(`${dirname(from)}/${specifier}`);
    if (joined === undefined) return undefined;
    const stems = [joined, joined.replace(/\.(m|c)?js$/, '')];
    return this.firstOf(stems.flatMap((stem) => [...JS_EXTENSIONS.map((ext) => stem + ext), ...JS_EXTENSIONS.slice(1).map((ext) => `${stem}/index${ext}`)]));
  }

  private firstOf(candidates: string[]): string | undefined {
    return candidates.find((c) => this.paths.has(c));
  }
}

/** Directory of a repository path ('' at the root). */
export function dirname(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** The candidate sharing the longest directory prefix with `from` (then the first by path). */
export function nearest(from: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestScore = -1;
  for (const candidate of [...candidates].sort()) {
    const score = commonDepth(dirname(from), dirname(candidate));
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/** Number of leading directory segments two directories share. */
export function commonDepth(a: string, b: string): number {
  const x = a.split('/').filter(Boolean);
  const y = b.split('/').filter(Boolean);
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  return i;
}

function normalize(path: string): string | undefined {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (!out.length) return undefined;
      out.pop();
    } else out.push(part);
  }
  return out.join('/');
}
