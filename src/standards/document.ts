/**
 * A security standard as a document: Markdown with YAML front matter
 * (`---` lines around it, as in Jekyll/Hugo/Docusaurus). The front matter maps the
 * standard's sections to the rules that enforce them; the Markdown body is the text people
 * and coding agents read (served by `guardian mcp`).
 *
 * ```markdown
 * ---
 * id: secrets-management
 * title: Secrets management
 * sections:
 *   - id: no-secrets-in-code
 *     title: No secrets in code or environment variables
 *     rules: ['secrets.*', 'aws.lambda.environment-secret']   # rule ids or globs
 *     severity: high                                          # findings are at least this
 *     controls: [Secrets live in AWS Secrets Manager and are read at run time.]
 *     forbidden:                                              # patterns nobody may write
 *       - id: dotenv-secret
 *         pattern: '^\s*(AWS_SECRET_ACCESS_KEY|DB_PASSWORD)\s*=\s*\S'
 *         paths: ['**\/.env', '**\/*.env']
 *         message: Secrets in .env files end up in images and commits.
 * ---
 * # Secrets management
 * ...
 * ```
 */
import picomatch from 'picomatch';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { SEVERITIES } from '../core/severity.js';

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes');

const forbiddenSchema = z
  .object({
    id,
    pattern: z.string().min(1).describe('JavaScript regular expression, matched per line (flag m); write (?i) for case-insensitive.'),
    paths: z.array(z.string().min(1)).optional().describe('Globs of repository-relative paths it applies to; default every file.'),
    message: z.string().min(1),
    severity: z.enum(SEVERITIES).optional(),
    cwe: z.array(z.string().regex(/^CWE-\d+$/)).optional(),
  })
  .strict();

const sectionSchema = z
  .object({
    id,
    title: z.string().min(1),
    rules: z.array(z.string().min(1)).default([]).describe('Rule ids or globs over rule ids whose findings violate this section.'),
    severity: z.enum(SEVERITIES).optional().describe('Findings of these rules are reported at least at this severity.'),
    controls: z.array(z.string().min(1)).default([]).describe('Required controls, in words.'),
    forbidden: z.array(forbiddenSchema).default([]),
  })
  .strict();

const frontMatterSchema = z
  .object({
    id,
    title: z.string().min(1),
    version: z.union([z.string(), z.number()]).optional(),
    owner: z.string().optional(),
    sections: z.array(sectionSchema).min(1, 'a standard needs at least one section'),
  })
  .strict();

/** A pattern nobody may write, with its regular expression compiled. */
export type ForbiddenPattern = z.infer<typeof forbiddenSchema> & { regex: RegExp; matchesPath(path: string): boolean };

/** One section of a standard, with its rule globs compiled. */
export type StandardSection = Omit<z.infer<typeof sectionSchema>, 'forbidden'> & { forbidden: ForbiddenPattern[]; matchesRule(ruleId: string): boolean };

/** A parsed standard. `path` is where it came from (repository-relative, or `builtin:<file>`). */
export interface Standard {
  id: string;
  title: string;
  version?: string;
  owner?: string;
  path: string;
  sections: StandardSection[];
  /** The Markdown body (without front matter). */
  body: string;
}

/** A problem with a standard document, naming the file and the field or line. */
export class StandardError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** Parse a standard document. Throws {@link StandardError} naming `path` and the bad field. */
export function parseStandard(text: string, path: string): Standard {
  const match = FRONT_MATTER.exec(text);
  if (!match) throw new StandardError(path, 'no front matter: the file must start with a --- line, the YAML mapping of sections to rules, and a closing --- line');
  let raw: unknown;
  try {
    raw = parseYaml(match[1]!);
  } catch (error) {
    const line = error instanceof YAMLParseError ? error.linePos?.[0]?.line : undefined;
    throw new StandardError(path, `front matter is not valid YAML${line ? ` (line ${line + 1})` : ''}: ${(error as Error).message.split('\n')[0]}`);
  }
  const parsed = frontMatterSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new StandardError(path, `front matter ${issue.path.length ? `field ${issue.path.join('.')}` : ''}: ${issue.message}`.replace('  ', ' '));
  }
  const doc = parsed.data;
  const sections = doc.sections.map((section, s) => ({
    ...section,
    matchesRule: picomatch(section.rules.length ? section.rules : ['\0never'], { dot: true }),
    forbidden: section.forbidden.map((f, i) => ({ ...f, regex: compile(f.pattern, path, `sections.${s}.forbidden.${i}.pattern`), matchesPath: f.paths?.length ? picomatch(f.paths, { dot: true }) : () => true })),
  }));
  const seen = new Set<string>();
  for (const section of sections) {
    if (seen.has(section.id)) throw new StandardError(path, `front matter field sections: section id '${section.id}' is used twice`);
    seen.add(section.id);
  }
  return {
    id: doc.id,
    title: doc.title,
    ...(doc.version !== undefined ? { version: String(doc.version) } : {}),
    ...(doc.owner ? { owner: doc.owner } : {}),
    path,
    sections,
    body: text.slice(match[0].length).trim(),
  };
}

/** A per-line regular expression; a leading `(?i)` (PCRE style, common in rule files) means case-insensitive. */
function compile(pattern: string, path: string, field: string): RegExp {
  const insensitive = pattern.startsWith('(?i)');
  try {
    return new RegExp(insensitive ? pattern.slice(4) : pattern, insensitive ? 'gmi' : 'gm');
  } catch (error) {
    throw new StandardError(path, `front matter field ${field}: not a valid regular expression: ${(error as Error).message}`);
  }
}
