/**
 * Data classification from names: which classes of data (credentials, personal, payment,
 * health) a table, bucket, queue, key attribute, environment variable or route path
 * suggests it holds or carries. Shared by every architecture extractor, so it is pure:
 * the same names always give the same classes, and it never throws.
 *
 * The word list is data (`data/classification.yaml`, with the reasoning for what is left
 * out); this module only splits names into words and matches them.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { DataClass } from './model.js';

/** Words and phrases per class, as written in the data file (`api key`, `athlete`). */
export type ClassificationTable = Partial<Record<DataClass, readonly string[]>>;

/** One reason for a class: `term` (as listed) was found in `text`. */
export interface ClassMatch {
  dataClass: DataClass;
  term: string;
  text: string;
}

/** A classifier built from one table. */
export interface Classifier {
  /** Every (class, term, text) match, sorted by class, then term, then text; no duplicates. */
  explain(texts: Iterable<string>): ClassMatch[];
  /** The distinct classes `texts` suggest, sorted alphabetically; `[]` when none. */
  classify(texts: Iterable<string>): DataClass[];
}

const DATA_CLASSES: readonly DataClass[] = ['confidential', 'credentials', 'health', 'payment', 'personal', 'public'];

/**
 * Split a name into lower-case singular words: at camelCase humps (`athleteId`,
 * `APIKey`), letter/digit changes and every non-alphanumeric character.
 * `'AthleteProfilesTable'` → `['athlete', 'profile', 'table']`,
 * `'/users/{userId}'` → `['user', 'user', 'id']`.
 */
export function words(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])([0-9])|([0-9])([A-Za-z])/g, (_m, a, b, c, d) => (a ? `${a} ${b}` : `${c} ${d}`))
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map(singular);
}

/** Fold common English plurals so that `profiles`, `addresses` and `activities` match their singular. */
function singular(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (/(ss|us|is)$/.test(word)) return word;
  if (/(x|ch|sh)es$/.test(word)) return word.slice(0, -2);
  return word.endsWith('s') ? word.slice(0, -1) : word;
}

/** True when consecutive `tokens` spell `term` (its words in a row, or run together). */
function contains(tokens: readonly string[], term: string): boolean {
  for (let start = 0; start < tokens.length; start++) {
    let joined = '';
    for (let end = start; end < tokens.length && joined.length < term.length; end++) {
      joined += tokens[end];
      if (joined === term) return true;
    }
  }
  return false;
}

/**
 * Build a classifier from `table`. Terms are normalised like names (`API keys` →
 * `apikey`), so the table may list them in any case or number. Entries that are not
 * strings, and classes outside the model's `DataClass`, are ignored.
 */
export function createClassifier(table: ClassificationTable): Classifier {
  const terms: { dataClass: DataClass; term: string; key: string }[] = [];
  for (const dataClass of DATA_CLASSES) {
    const list = table[dataClass];
    if (!Array.isArray(list)) continue;
    for (const term of list) {
      if (typeof term !== 'string') continue;
      const key = words(term).join('');
      if (key) terms.push({ dataClass, term, key });
    }
  }
  const explain = (texts: Iterable<string>): ClassMatch[] => {
    const found = new Map<string, ClassMatch>();
    for (const text of texts) {
      if (typeof text !== 'string' || !text) continue;
      const tokens = words(text);
      for (const { dataClass, term, key } of terms) {
        if (contains(tokens, key)) found.set(`${dataClass}\u0000${term}\u0000${text}`, { dataClass, term, text });
      }
    }
    return [...found.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, match]) => match);
  };
  return {
    explain,
    classify: (texts) => [...new Set(explain(texts).map((m) => m.dataClass))].sort(),
  };
}

/** The shipped word list. A malformed data file is a packaging bug, reported at load. */
function loadTable(): ClassificationTable {
  const raw = parseYaml(readFileSync(new URL('./data/classification.yaml', import.meta.url), 'utf8')) as unknown;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('src/architecture/data/classification.yaml: expected a map of class → words');
  return raw as ClassificationTable;
}

const shipped = createClassifier(loadTable());

/** Classes the names in `texts` suggest, with Guardian's word list; sorted, distinct. */
export const classify = (texts: Iterable<string>): DataClass[] => shipped.classify(texts);

/** Why `texts` got their classes, with Guardian's word list (for evidence notes). */
export const explainClassification = (texts: Iterable<string>): ClassMatch[] => shipped.explain(texts);
