/**
 * Architecture from a design document in Markdown: the parts of a DFD a person wrote down
 * as component tables, flow tables and lists under architecture headings.
 *
 * No Markdown library is a dependency, so this reads exactly the constructs it needs,
 * line by line (GitHub Flavored Markdown spec, https://github.github.com/gfm/):
 * - ATX headings (`## Components`, GFM §4.2);
 * - tables (GFM §4.10 extension): a header row, a delimiter row, body rows; `\|` escapes a pipe;
 * - bullet and ordered list items (GFM §5.2), first line only;
 * - fenced code blocks (GFM §4.5) and HTML comments are skipped: they are not the document's
 *   visible statements.
 *
 * What becomes what:
 * - a table whose header has a Component/Name/Service/Element column → one element per row
 *   (optional Type/Kind, Description, Data, Protocol, Auth, Boundary columns), origin `stated`;
 * - a table whose header has From/Source and To/Target columns → one flow per row
 *   (optional Label/Action/Description, Data, Protocol, Auth columns), origin `stated`;
 * - top-level list items under a heading naming components/architecture, data flows/connections
 *   or trust boundaries (and under its subsections, unless they are about decisions, goals or
 *   risks; a level-1 title passes nothing on) → elements (`Orders API (Lambda): what it does`,
 *   `Lambda: Upload handler`), flows (`A → B: label`, `A -> B -> C`, `A <-> B`,
 *   `A → B (HTTPS)`) and boundaries (`AWS account: Orders API, Orders table`, nesting =
 *   parent), origin `inferred` (model.ts: only explicit tables and guardian-model.yml count
 *   as a person's statement).
 *
 * Prose is never read: paragraphs, block quotes and list items that read as sentences are
 * ignored, so text such as "this is a test site" or "there are no threats" changes nothing.
 * Words only ever add facts (a kind, a data class, a protocol); nothing here removes an
 * element or marks data as public.
 */
import type { Architecture, Authentication, DataClass, Element, ElementKind, ElementType, Evidence, Flow, Origin, TrustBoundary } from './model.js';
import { classify } from './classify.js';
import { normalizeArchitecture, stableId } from './model.js';
import { normalizedName } from './merge.js';
import type { WarningSink } from '../core/warnings.js';

// ─── Vocabulary (data) ──────────────────────────────────────────────────────────────────
// Word lists that map a design document's words to DFD kinds, element types, data classes,
// protocols and authentication. Patterns are case-insensitive regular-expression fragments
// matched on word boundaries.

/** A word that names what an element is. Tier 1 words are specific (products, phrases); tier 2 words are generic nouns. */
interface KindWord {
  words: string;
  kind: ElementKind;
  type: ElementType;
  tier: 1 | 2;
}

/**
 * Kind and type vocabulary. In one text, a tier-1 word beats any tier-2 word ("Cognito user
 * pool" is an identity provider, not a user); among words of the same tier the last one wins,
 * because an English compound's head noun comes last ("Customer database" is a database).
 */
export const KIND_WORDS: readonly KindWord[] = [
  // Explicit DFD kinds, as a Type/Kind column may state them.
  { words: 'external[- ]entit(?:y|ies)', kind: 'external-entity', type: 'external', tier: 1 },
  { words: 'data[- ]?stores?', kind: 'data-store', type: 'store', tier: 1 },
  { words: 'process(?:es)?', kind: 'process', type: 'service', tier: 1 },
  // Processes.
  { words: 'api[- ]?gateway|apigw', kind: 'process', type: 'api-gateway', tier: 1 },
  { words: '(?:aws )?lambdas?', kind: 'process', type: 'lambda', tier: 1 },
  { words: 'step functions?|state machines?', kind: 'process', type: 'state-machine', tier: 1 },
  { words: 'ecs|fargate|eks|kubernetes|k8s|containers?|docker', kind: 'process', type: 'container', tier: 1 },
  { words: 'cloudfront|cdn', kind: 'process', type: 'cdn', tier: 1 },
  { words: 'flask|django|fastapi|express|koa|rails|spring boot|web ?apps?|web applications?', kind: 'process', type: 'web-app', tier: 1 },
  // Data stores.
  { words: 'dynamo(?:db)?', kind: 'data-store', type: 'dynamodb', tier: 1 },
  { words: 's3', kind: 'data-store', type: 's3', tier: 1 },
  { words: 'rds|aurora|postgres(?:ql)?|mysql|mariadb|sql server|oracle db', kind: 'data-store', type: 'rds', tier: 1 },
  { words: 'mongo(?:db)?|documentdb|sqlite|elasticsearch|opensearch', kind: 'data-store', type: 'database', tier: 1 },
  { words: 'sqs|dlqs?|dead[- ]letter queues?', kind: 'data-store', type: 'queue', tier: 1 },
  { words: 'sns', kind: 'data-store', type: 'topic', tier: 1 },
  { words: 'kinesis|kafka', kind: 'data-store', type: 'stream', tier: 1 },
  { words: 'eventbridge|event ?bus', kind: 'data-store', type: 'event-bus', tier: 1 },
  { words: 'redis|elasticache|memcached', kind: 'data-store', type: 'cache', tier: 1 },
  { words: 'secrets manager|parameter store|ssm parameters?|vault', kind: 'data-store', type: 'secrets-store', tier: 1 },
  { words: 'cloudwatch logs?|log groups?', kind: 'data-store', type: 'log', tier: 1 },
  // External entities.
  { words: 'cognito|auth0|okta|keycloak|idps?|identity providers?|entra id|azure ad', kind: 'external-entity', type: 'identity-provider', tier: 1 },
  { words: 'github(?: actions)?|gitlab(?: ci)?|circleci|jenkins|codebuild|codepipeline|ci/cd|ci', kind: 'external-entity', type: 'ci-system', tier: 1 },
  { words: '(?:web )?browsers?|spa|single[- ]page app(?:lication)?s?', kind: 'external-entity', type: 'browser', tier: 1 },
  { words: 'mobile apps?|ios apps?|android apps?', kind: 'external-entity', type: 'mobile-app', tier: 1 },
  { words: 'third[- ]part(?:y|ies)|stripe|paypal|twilio|sendgrid|slack|external apis?', kind: 'external-entity', type: 'third-party-api', tier: 1 },
  // Generic nouns.
  { words: 'functions?', kind: 'process', type: 'function', tier: 2 },
  { words: '(?:micro)?services?', kind: 'process', type: 'service', tier: 2 },
  { words: 'apis?|endpoints?|backends?|servers?', kind: 'process', type: 'web-app', tier: 2 },
  { words: 'workers?|jobs?|cron', kind: 'process', type: 'worker', tier: 2 },
  { words: 'tables?', kind: 'data-store', type: 'table', tier: 2 },
  { words: 'buckets?', kind: 'data-store', type: 's3', tier: 2 },
  { words: 'databases?|dbs?|datastores?', kind: 'data-store', type: 'database', tier: 2 },
  { words: 'queues?', kind: 'data-store', type: 'queue', tier: 2 },
  { words: 'topics?', kind: 'data-store', type: 'topic', tier: 2 },
  { words: 'streams?', kind: 'data-store', type: 'stream', tier: 2 },
  { words: 'caches?', kind: 'data-store', type: 'cache', tier: 2 },
  { words: 'stores?', kind: 'data-store', type: 'store', tier: 2 },
  { words: 'files?|file ?systems?|disks?', kind: 'data-store', type: 'file', tier: 2 },
  { words: 'logs?', kind: 'data-store', type: 'log', tier: 2 },
  { words: 'users?|customers?|admins?|administrators?|operators?|visitors?|members?', kind: 'external-entity', type: 'user', tier: 2 },
  { words: 'partners?|vendors?', kind: 'external-entity', type: 'third-party-api', tier: 2 },
];


/** Protocol vocabulary, first match wins (so `https` is tested before `http`). */
export const PROTOCOL_WORDS: readonly { words: string; protocol: NonNullable<Flow['protocol']> }[] = [
  { words: 'https|tls|wss', protocol: 'https' },
  { words: 'http|websockets?|ws', protocol: 'http' },
  { words: 'grpc', protocol: 'grpc' },
  { words: 'smtp|e-?mail', protocol: 'smtp' },
  { words: 'sql|jdbc', protocol: 'sql' },
  { words: 'aws[- ]?(?:sdk|api)|sigv4', protocol: 'aws-api' },
  { words: 'events?|async|sqs|sns|eventbridge|pub/?sub', protocol: 'event' },
  { words: 'tcp', protocol: 'tcp' },
];

/**
 * Authentication vocabulary, first match wins. "No authentication" is tested first: when a
 * text names both a weak and a strong scheme, the weaker one is kept (a document cannot make
 * a flow look safer than its own words allow).
 */
export const AUTH_WORDS: readonly { words: string; auth: Authentication }[] = [
  { words: 'none|no auth(?:entication)?|unauthenticated|anonymous', auth: 'none' },
  { words: 'cognito', auth: 'cognito' },
  { words: 'mtls|mutual tls|client certificates?', auth: 'mtls' },
  { words: 'iam|sigv4', auth: 'iam' },
  { words: 'jwts?|bearer(?: tokens?)?|oauth2?|oidc', auth: 'jwt' },
  { words: 'api[- ]?keys?|x-api-key', auth: 'api-key' },
  { words: 'sessions?|cookies?', auth: 'session' },
  { words: '(?:custom|lambda) authorizers?|basic auth', auth: 'custom' },
];

/** Trust-boundary kind vocabulary, first match wins; otherwise `service`. */
export const BOUNDARY_WORDS: readonly { words: string; kind: TrustBoundary['kind'] }[] = [
  { words: 'internet|public network', kind: 'internet' },
  { words: 'vpc|subnets?|private network', kind: 'vpc' },
  { words: 'aws(?: account| cloud)?|accounts?|cloud', kind: 'aws-account' },
  { words: 'browsers?|client[- ]side', kind: 'browser' },
  { words: 'ci|ci/cd|pipelines?|github actions', kind: 'ci' },
  { words: 'stacks?', kind: 'stack' },
];

/** Headings about decisions, plans or history, whose lists are not the architecture even when they name it. */
export const SECTION_EXCLUDED = 'decisions?|records?|adrs?|alternatives?|considered|goals?|non-goals|future|roadmap|history|changes|changelog|risks?|questions|todo';

/** Headings whose list items describe the architecture, tested in this order. */
export const SECTION_HEADINGS: readonly { words: string; section: Section }[] = [
  { words: 'trust boundar(?:y|ies)|boundaries', section: 'boundaries' },
  { words: 'data ?flows?|flows|interactions|integrations|connections', section: 'flows' },
  { words: 'components?|architecture|services|elements|system context|containers', section: 'components' },
];

/** Table header names, matched against a whole (cleaned, lower-cased) header cell. */
const COLUMN_NAMES = {
  name: /^(?:component|name|service|element)s?(?: name)?$/,
  type: /^(?:type|kind)$/,
  description: /^(?:description|purpose|role|responsibilit(?:y|ies)|notes?)$/,
  data: /^(?:data|data class(?:es|ification)?|data handled|stores)$/,
  protocol: /^protocols?$/,
  auth: /^(?:auth|authn|authentication|authori[sz]ation)$/,
  boundary: /^(?:(?:trust )?boundary|zone|network)$/,
  from: /^(?:from|source|caller|client)$/,
  to: /^(?:to|target|destination|callee)$/,
  label: /^(?:label|action|operation|flow|what|description|purpose)$/,
} as const;

/** A name column that on its own makes a component table. */
const COMPONENT_ONLY_NAME = /^(?:component|element)s?(?: name)?$/;

/**
 * A list item or table name that reads as a sentence is prose, not a component name: it has
 * one of these words, more than six words, or sentence punctuation.
 */
const PROSE_WORDS = /(?<![\w-])(?:is|are|was|were|be|been|has|have|had|will|would|should|must|can|cannot|could|do|does|don't|doesn't|no|not|never|ignore|please|this|there|we|you)(?![\w-])/i;
const MAX_NAME_WORDS = 6;

// ─── Engine ─────────────────────────────────────────────────────────────────────────────

type Section = 'components' | 'flows' | 'boundaries';

/**
 * Read the architecture a design document states.
 *
 * @param path repository-relative path of the document (forward slashes), used in evidence.
 * @param markdown the document's text.
 * @param warnings optional sink for problems worked around (a table row without a name, a
 *   boundary member no component names); each names the file and line. Never throws.
 * @returns elements, flows and boundaries with evidence `{ source: 'design', path, line }`,
 *   sorted by id (normalizeArchitecture); assumptions say where a kind had to be guessed.
 */
export function architectureFromDesign(path: string, markdown: string, warnings?: WarningSink): Architecture {
  const reader = new DesignReader(path, warnings);
  try {
    reader.read(readBlocks(markdown));
  } catch (error) {
    // Defensive: a bug here must not stop the threat model; what was read so far is kept.
    warnings?.add({ code: 'design-parse-error', message: `Could not read the design document: ${(error as Error).message}`, path, source: 'architecture' });
  }
  return reader.result();
}

// ── Markdown blocks ──

type Block =
  | { type: 'heading'; line: number; level: number; text: string }
  | { type: 'table'; line: number; header: string[]; rows: { line: number; cells: string[] }[] }
  | { type: 'item'; line: number; indent: number; text: string };

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const ITEM = /^([ \t]*)(?:[-*+]|\d{1,9}[.)])[ \t]+(.*\S)[ \t]*$/;
const DELIMITER_CELL = /^:?-+:?$/;

/** Split a Markdown document into the blocks this reader understands, with 1-based lines. */
function readBlocks(markdown: string): Block[] {
  const lines = stripHtmlComments(markdown).split(/\r\n|\r|\n/);
  const blocks: Block[] = [];
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fenceMatch = FENCE.exec(line);
    if (fence) {
      // A closing fence uses the same character, at least as many times (GFM §4.5).
      if (fenceMatch && fenceMatch[1]![0] === fence[0] && fenceMatch[1]!.length >= fence.length && line.trim() === fenceMatch[1]) fence = undefined;
      continue;
    }
    if (fenceMatch) {
      fence = fenceMatch[1];
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ type: 'heading', line: i + 1, level: heading[1]!.length, text: cleanInline(heading[2] ?? '') });
      continue;
    }
    const next = lines[i + 1];
    if (line.includes('|') && next !== undefined && isDelimiterRow(next)) {
      const header = splitRow(line);
      if (splitRow(next).length === header.length) {
        const rows: { line: number; cells: string[] }[] = [];
        let j = i + 2;
        for (; j < lines.length; j++) {
          const row = lines[j]!;
          if (!row.trim() || !row.includes('|') || HEADING.test(row) || FENCE.test(row)) break;
          const cells = splitRow(row);
          // GFM: missing cells are empty, excess cells are ignored.
          rows.push({ line: j + 1, cells: header.map((_, k) => cells[k] ?? '') });
        }
        blocks.push({ type: 'table', line: i + 1, header, rows });
        i = j - 1;
        continue;
      }
    }
    const item = ITEM.exec(line);
    if (item) blocks.push({ type: 'item', line: i + 1, indent: item[1]!.replace(/\t/g, '    ').length, text: item[2]! });
  }
  return blocks;
}

/** Blank out HTML comments, keeping line breaks so that line numbers stay right. */
function stripHtmlComments(text: string): string {
  return text.replace(/<!--[\s\S]*?(?:-->|$)/g, (comment) => comment.replace(/[^\r\n]/g, ' '));
}

function isDelimiterRow(line: string): boolean {
  if (!line.includes('-')) return false;
  const cells = splitRow(line);
  return cells.length > 0 && cells.every((cell) => DELIMITER_CELL.test(cell));
}

/** Cells of a table row: outer pipes optional, `\|` is a literal pipe. */
function splitRow(line: string): string[] {
  let text = line.trim();
  if (text.startsWith('|')) text = text.slice(1);
  if (text.endsWith('|') && !text.endsWith('\\|')) text = text.slice(0, -1);
  const cells: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && text[i + 1] === '|') {
      current += '|';
      i++;
    } else if (c === '|') {
      cells.push(current.trim());
      current = '';
    } else current += c;
  }
  cells.push(current.trim());
  return cells;
}

/** Inline Markdown to plain text: links and images to their text, emphasis and code marks dropped. */
function cleanInline(text: string): string {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/!?\[([^\]]*)\]\[[^\]]*\]/g, '$1')
    .replace(/<\/?[A-Za-z][^>]*>/g, ' ')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[\s(])[*_]([^*_\s][^*_]*?)[*_](?=[\s).,:;!?]|$)/g, '$1$2')
    .replace(/`+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

// ── Word matching ──

const wordRegex = (words: string, flags = 'gi') => new RegExp(`(?<![\\w-])(?:${words})(?![\\w-])`, flags);
const KIND_BY_GROUP = [...KIND_WORDS].sort((a, b) => a.tier - b.tier);
const KIND_PATTERN = wordRegex(KIND_BY_GROUP.map((w) => `(${w.words})`).join('|'));
const ONLY_KIND_WORD = new RegExp(`^(?:${KIND_WORDS.map((w) => w.words).join('|')})$`, 'i');
const PROTOCOL_PATTERNS = PROTOCOL_WORDS.map((w) => ({ ...w, regex: wordRegex(w.words, 'i') }));
const AUTH_PATTERNS = AUTH_WORDS.map((w) => ({ ...w, regex: wordRegex(w.words, 'i') }));
const BOUNDARY_PATTERNS = BOUNDARY_WORDS.map((w) => ({ ...w, regex: wordRegex(w.words, 'i') }));
const SECTION_PATTERNS = SECTION_HEADINGS.map((h) => ({ ...h, regex: wordRegex(h.words, 'i') }));

/** Kind and type a text names (see KIND_WORDS for precedence), or undefined. */
function kindOf(text: string): { kind: ElementKind; type: ElementType } | undefined {
  let best: { word: KindWord; end: number } | undefined;
  // One pass: at each position the alternation tries tier-1 words first (KIND_WORDS order).
  for (const match of text.matchAll(KIND_PATTERN)) {
    const word = KIND_BY_GROUP[match.slice(1).findIndex((g) => g !== undefined)]!;
    const end = match.index + match[0].length;
    if (!best || word.tier < best.word.tier || (word.tier === best.word.tier && end > best.end)) best = { word, end };
  }
  return best && { kind: best.word.kind, type: best.word.type };
}

/** Data classes named in the text, with the shared vocabulary (data/classification.yaml). Words only add classes. */
function dataClassesOf(...texts: string[]): DataClass[] {
  return classify(texts).filter((c) => c !== 'public');
}

function protocolOf(text: string): Flow['protocol'] | undefined {
  return PROTOCOL_PATTERNS.find((p) => p.regex.test(text))?.protocol;
}

function authOf(text: string): Authentication | undefined {
  return AUTH_PATTERNS.find((p) => p.regex.test(text))?.auth;
}

const SECTION_ONLY = new RegExp(`^(?:\\d+(?:\\.\\d+)*\\.?\\s*)?(?:${SECTION_HEADINGS.map((h) => h.words).join('|')})$`, 'i');
const SECTION_EXCLUDED_PATTERN = wordRegex(SECTION_EXCLUDED, 'i');

function isExcluded(heading: string): boolean {
  return SECTION_EXCLUDED_PATTERN.test(heading);
}

function sectionOf(heading: string): Section | undefined {
  if (isExcluded(heading)) return undefined;
  return SECTION_PATTERNS.find((p) => p.regex.test(heading))?.section;
}

/** Whether a would-be name is really a sentence. */
function isProse(name: string): boolean {
  const words = name.split(/\s+/).filter(Boolean);
  return words.length === 0 || words.length > MAX_NAME_WORDS || PROSE_WORDS.test(name) || /[.!?;](\s|$)/.test(name);
}

/** "Orders API (Lambda)" → name "Orders API", hint "Lambda". */
function splitHint(text: string): { name: string; hint: string } {
  const match = /^(.*?)\s*\(([^()]*)\)\s*$/.exec(text);
  return match && match[1] ? { name: match[1].trim(), hint: match[2]!.trim() } : { name: text.trim(), hint: '' };
}

/** Split "name: description" (also " — ", " – ", " - "); the name part never contains the separator. */
function splitDescription(text: string): { head: string; description: string } {
  const match = /^(.*?)(?::\s+|:$|\s+[—–-]\s+)(.*)$/.exec(text);
  return match ? { head: match[1]!.trim(), description: match[2]!.trim() } : { head: text.trim(), description: '' };
}

const WIRE_PROTOCOL = /(?<![\w-])(?:https?|tls|grpc|smtp|wss?)(?![\w-])/i;
const BIDIRECTIONAL = /^\s*(?:<->|<=>|↔)\s*$/;

// ── Reader ──

interface Draft {
  key: string;
  name: string;
  kind?: ElementKind;
  type?: ElementType;
  boundaryName?: string;
  data: Set<DataClass>;
  attributes: Element['attributes'];
  origin: Origin;
  evidence: Evidence[];
  /** Whether kind/type only come from a mention in a flow (a later statement replaces them). */
  implicitKind?: boolean;
  /** Line where kind/type were decided, for conflict messages. */
  line: number;
}

interface FlowDraft {
  fromKey: string;
  toKey: string;
  label: string;
  protocol?: Flow['protocol'];
  authentication?: Authentication;
  data: DataClass[];
  origin: Origin;
  evidence: Evidence;
}

interface BoundaryDraft {
  key: string;
  name: string;
  kind: TrustBoundary['kind'];
  parentKey?: string;
  members: { name: string; line: number }[];
  depth: number;
}

/** Accumulates what the blocks state, then resolves names to ids. */
class DesignReader {
  private readonly elements = new Map<string, Draft>();
  private readonly flows: FlowDraft[] = [];
  private readonly boundaries = new Map<string, BoundaryDraft>();
  private readonly assumptions: string[] = [];

  constructor(
    private readonly path: string,
    private readonly warnings?: WarningSink,
  ) {}

  read(blocks: Block[]): void {
    let section: { kind: Section; heading: string } | undefined;
    // Enclosing headings and the section each passes on to its subsections.
    const headings: { level: number; inherited?: { kind: Section; heading: string } }[] = [];
    // Open boundary list items by indent, for nesting.
    let boundaryStack: { indent: number; key: string }[] = [];
    for (const block of blocks) {
      if (block.type === 'heading') {
        while (headings.length && headings[headings.length - 1]!.level >= block.level) headings.pop();
        // A level-1 heading is usually the document's title ("Orders architecture"): it starts
        // a section only when it is nothing but a section name ("# Components").
        const kind = block.level > 1 || SECTION_ONLY.test(block.text) ? sectionOf(block.text) : undefined;
        // A subsection ("### Compute" under "## Components") continues its parent's section unless
        // it is about decisions, goals or risks; a level-1 heading passes nothing on.
        section = kind ? { kind, heading: block.text } : isExcluded(block.text) ? undefined : headings[headings.length - 1]?.inherited;
        headings.push({ level: block.level, ...(section && block.level > 1 ? { inherited: section } : {}) });
        boundaryStack = [];
      } else if (block.type === 'table') this.table(block);
      else if (section?.kind === 'boundaries') {
        while (boundaryStack.length && boundaryStack[boundaryStack.length - 1]!.indent >= block.indent) boundaryStack.pop();
        const key = this.boundaryItem(block, boundaryStack[boundaryStack.length - 1]?.key, boundaryStack.length);
        if (key) boundaryStack.push({ indent: block.indent, key });
      } else if (section && block.indent < 2) this.listItem(block, section.heading);
    }
  }

  // Tables.

  private table(block: Extract<Block, { type: 'table' }>): void {
    const columns = block.header.map((cell) => cleanInline(cell).toLowerCase());
    const find = (pattern: RegExp) => {
      const index = columns.findIndex((c) => pattern.test(c));
      return index < 0 ? undefined : index;
    };
    const from = find(COLUMN_NAMES.from);
    const to = find(COLUMN_NAMES.to);
    const cell = (row: string[], index: number | undefined) => (index === undefined ? '' : cleanInline(row[index] ?? ''));
    if (from !== undefined && to !== undefined) {
      const label = find(COLUMN_NAMES.label);
      const data = find(COLUMN_NAMES.data);
      const protocol = find(COLUMN_NAMES.protocol);
      const auth = find(COLUMN_NAMES.auth);
      for (const row of block.rows) {
        const source = cell(row.cells, from);
        const target = cell(row.cells, to);
        if (!source || !target) {
          this.warn(row.line, 'a flow-table row without a From or To cell was skipped');
          continue;
        }
        const labelText = cell(row.cells, label) || cell(row.cells, data) || 'data flow';
        this.flow(source, target, {
          label: labelText,
          protocolText: cell(row.cells, protocol),
          authText: cell(row.cells, auth),
          dataText: `${cell(row.cells, data)} ${cell(row.cells, label)}`,
          origin: 'stated',
          line: row.line,
          note: 'flow table row',
        });
      }
      return;
    }
    const name = find(COLUMN_NAMES.name);
    if (name === undefined) return;
    const type = find(COLUMN_NAMES.type);
    const description = find(COLUMN_NAMES.description);
    const data = find(COLUMN_NAMES.data);
    const protocol = find(COLUMN_NAMES.protocol);
    const auth = find(COLUMN_NAMES.auth);
    const boundary = find(COLUMN_NAMES.boundary);
    // "Name" and "Service" also head tables of settings or colours: those need a second column that describes a component.
    const described = [type, description, data, protocol, auth, boundary].some((i) => i !== undefined);
    if (!described && !COMPONENT_ONLY_NAME.test(columns[name]!)) return;
    for (const row of block.rows) {
      const raw = cell(row.cells, name);
      if (!raw) {
        this.warn(row.line, 'a component-table row without a name was skipped');
        continue;
      }
      const { name: elementName, hint } = splitHint(raw);
      if (isProse(elementName)) continue;
      const draft = this.element(elementName, [cell(row.cells, type), hint, elementName], 'stated', row.line, `component table row: ${raw}`);
      for (const d of dataClassesOf(cell(row.cells, data), cell(row.cells, description))) draft.data.add(d);
      const protocolText = cell(row.cells, protocol);
      const authText = cell(row.cells, auth);
      if (protocolText) draft.attributes.protocol ??= protocolOf(protocolText) ?? protocolText;
      if (authText) draft.attributes.authentication ??= authOf(authText) ?? authText;
      const boundaryName = cell(row.cells, boundary);
      if (boundaryName) draft.boundaryName ??= boundaryName;
    }
  }

  // Lists.

  private listItem(block: Extract<Block, { type: 'item' }>, heading: string): void {
    // GFM task-list items (`- [ ] Orders API`) are list items too.
    const text = cleanInline(block.text.replace(/^\[[ xX]\]\s+/, ''));
    const parts = text.split(/(\s*(?:<->|<=>|↔|-->|->|=>|→|⟶|⇒)\s*)/);
    if (parts.length >= 3) {
      // parts: [name, arrow, name, arrow, name: label]
      const last = splitDescription(parts[parts.length - 1]!);
      let label = last.description;
      const target = splitHint(last.head);
      if (!label && target.hint && (!kindOf(target.hint) || WIRE_PROTOCOL.test(target.hint))) {
        // `Browser → CloudFront (HTTPS)`: a parenthesis after the last name that names a
        // protocol, or no kind at all, is the flow's label, not the element's type.
        label = target.hint;
        parts[parts.length - 1] = target.name;
      } else parts[parts.length - 1] = last.head;
      const names = parts.filter((_, i) => i % 2 === 0).map((p) => p.trim());
      if (names.some((n) => isProse(splitHint(n).name))) return;
      const d = label;
      const options = { label: d || 'data flow', protocolText: d, authText: d, dataText: d, origin: 'inferred' as const, line: block.line, note: `list item under "${heading}"` };
      for (let i = 0; i + 1 < names.length; i++) {
        this.flow(names[i]!, names[i + 1]!, options);
        if (BIDIRECTIONAL.test(parts[2 * i + 1]!)) this.flow(names[i + 1]!, names[i]!, options);
      }
      return;
    }
    const split = splitDescription(text);
    // `Lambda: Upload handler` puts the kind first and the name after it.
    const kindFirst = split.description && ONLY_KIND_WORD.test(split.head);
    const { name, hint } = kindFirst ? { name: splitHint(split.description).name, hint: split.head } : splitHint(split.head);
    if (isProse(name)) return;
    const draft = this.element(name, [hint, name], 'inferred', block.line, `list item under "${heading}": ${text}`);
    if (!kindFirst) for (const d of dataClassesOf(split.description)) draft.data.add(d);
  }

  private boundaryItem(block: Extract<Block, { type: 'item' }>, parentKey: string | undefined, depth: number): string | undefined {
    const text = cleanInline(block.text);
    const { head, description } = splitDescription(text);
    const { name, hint } = splitHint(head);
    if (isProse(name)) return undefined;
    const key = normalizedName(name);
    const existing = this.boundaries.get(key);
    const boundary: BoundaryDraft = existing ?? {
      key,
      name,
      kind: BOUNDARY_PATTERNS.find((p) => p.regex.test(`${hint} ${name}`))?.kind ?? 'service',
      depth,
      members: [],
      ...(parentKey ? { parentKey } : {}),
    };
    this.boundaries.set(key, boundary);
    for (const member of description.split(/\s*(?:,|;|\band\b)\s*/)) {
      const memberName = splitHint(member).name;
      if (memberName) boundary.members.push({ name: memberName, line: block.line });
    }
    return key;
  }

  // Model building.

  /**
   * The draft for a name, created on first mention. `sources` are texts that may name the
   * kind, most authoritative first. A mention only in a flow (`implicit`) never sets the kind
   * when a table or list item states one.
   */
  private element(name: string, sources: string[], origin: Origin, line: number, note: string, implicit = false): Draft {
    const key = normalizedName(name);
    let draft = this.elements.get(key);
    if (!draft) {
      draft = { key, name, data: new Set(), attributes: {}, origin, evidence: [], line };
      this.elements.set(key, draft);
    }
    if (origin === 'stated') draft.origin = 'stated';
    if (!draft.evidence.some((e) => e.line === line && e.note === note)) draft.evidence.push({ source: 'design', path: this.path, line, note });
    const named = sources.map((s) => (s ? kindOf(s) : undefined)).find(Boolean);
    if (named && !implicit) {
      if (!draft.kind || draft.implicitKind) {
        draft.kind = named.kind;
        draft.type = named.type;
        draft.implicitKind = false;
        draft.line = line;
      } else if (draft.kind !== named.kind) {
        this.assumptions.push(`${this.path}:${line}: "${name}" is described as a ${named.kind} here and as a ${draft.kind} at line ${draft.line}; the first is used`);
      }
    } else if (named && !draft.kind) {
      draft.kind = named.kind;
      draft.type = named.type;
      draft.implicitKind = true;
      draft.line = line;
    }
    return draft;
  }

  private flow(
    from: string,
    to: string,
    o: { label: string; protocolText: string; authText: string; dataText: string; origin: Origin; line: number; note: string },
  ): void {
    const source = splitHint(from);
    const target = splitHint(to);
    if (isProse(source.name) || isProse(target.name)) return;
    const fromDraft = this.element(source.name, [source.hint, source.name], o.origin, o.line, `${o.note}: ${from} → ${to}`, true);
    const toDraft = this.element(target.name, [target.hint, target.name], o.origin, o.line, `${o.note}: ${from} → ${to}`, true);
    const protocol = o.protocolText ? protocolOf(o.protocolText) : undefined;
    const authentication = o.authText ? authOf(o.authText) : undefined;
    this.flows.push({
      fromKey: fromDraft.key,
      toKey: toDraft.key,
      label: o.label,
      ...(protocol ? { protocol } : {}),
      ...(authentication ? { authentication } : {}),
      data: dataClassesOf(o.dataText),
      origin: o.origin,
      evidence: { source: 'design', path: this.path, line: o.line, note: `${o.note}: ${from} → ${to}${o.label === 'data flow' ? '' : `: ${o.label}`}` },
    });
  }

  private warn(line: number, message: string): void {
    this.warnings?.add({ code: 'design-parse', message, path: this.path, line, source: 'architecture' });
  }

  result(): Architecture {
    const boundaryIds = new Map<string, string>();
    for (const b of this.boundaries.values()) boundaryIds.set(b.key, boundaryId(b.kind, b.name));
    const boundaries: TrustBoundary[] = [];
    for (const b of this.boundaries.values()) {
      const parent = b.parentKey ? boundaryIds.get(b.parentKey) : undefined;
      boundaries.push({ id: boundaryIds.get(b.key)!, kind: b.kind, name: b.name, ...(parent ? { parent } : {}) });
    }

    // Innermost boundary that lists an element wins.
    const memberOf = new Map<string, { id: string; depth: number }>();
    for (const b of this.boundaries.values()) {
      for (const member of b.members) {
        const key = normalizedName(member.name);
        if (!this.elements.has(key)) {
          this.warn(member.line, `trust boundary "${b.name}" lists "${member.name}", which no component names`);
          continue;
        }
        const current = memberOf.get(key);
        if (!current || b.depth > current.depth) memberOf.set(key, { id: boundaryIds.get(b.key)!, depth: b.depth });
      }
    }

    const ids = new Map<string, string>();
    const elements: Element[] = [];
    for (const draft of this.elements.values()) {
      if (!draft.kind) {
        this.assumptions.push(`${this.path}:${draft.evidence[0]!.line}: the kind of "${draft.name}" is not stated; it is assumed to be a process`);
      }
      const kind = draft.kind ?? 'process';
      const type = draft.type ?? 'service';
      const id = stableId(kind, type, draft.name);
      ids.set(draft.key, id);
      let boundary = memberOf.get(draft.key)?.id;
      if (!boundary && draft.boundaryName) {
        const key = normalizedName(draft.boundaryName);
        boundary = boundaryIds.get(key);
        if (!boundary) {
          const kindOfBoundary = BOUNDARY_PATTERNS.find((p) => p.regex.test(draft.boundaryName!))?.kind ?? 'service';
          boundary = boundaryId(kindOfBoundary, draft.boundaryName);
          boundaryIds.set(key, boundary);
          boundaries.push({ id: boundary, kind: kindOfBoundary, name: draft.boundaryName });
        }
      }
      const data = [...draft.data].sort();
      elements.push({
        id,
        kind,
        type,
        name: draft.name,
        ...(boundary ? { boundary } : {}),
        ...(data.length ? { data } : {}),
        attributes: draft.attributes,
        origin: draft.origin,
        evidence: draft.evidence,
      });
    }

    const flows = new Map<string, Flow>();
    for (const f of this.flows) {
      const from = ids.get(f.fromKey)!;
      const to = ids.get(f.toKey)!;
      const id = stableId('flow', `${from}->${to}`, f.label);
      const existing = flows.get(id);
      if (existing) {
        // The same flow stated twice: one flow, both places as evidence, facts unioned.
        existing.evidence.push(f.evidence);
        if (f.origin === 'stated') existing.origin = 'stated';
        existing.data = [...new Set([...(existing.data ?? []), ...f.data])].sort();
        existing.protocol ??= f.protocol;
        existing.authentication ??= f.authentication;
        continue;
      }
      const encrypted = f.protocol === 'https' ? true : f.protocol === 'http' ? false : undefined;
      flows.set(id, {
        id,
        from,
        to,
        label: f.label,
        ...(f.protocol ? { protocol: f.protocol } : {}),
        ...(f.authentication ? { authentication: f.authentication } : {}),
        ...(encrypted !== undefined ? { encryptedInTransit: encrypted } : {}),
        ...(f.data.length ? { data: [...f.data].sort() } : {}),
        origin: f.origin,
        evidence: [f.evidence],
      });
    }

    return normalizeArchitecture({ elements, flows: [...flows.values()], boundaries, assumptions: this.assumptions });
  }
}

/** `boundary:internet` and `boundary:aws-account` for the generic ones, `boundary:<kind>:<name>` otherwise. */
function boundaryId(kind: TrustBoundary['kind'], name: string): string {
  if (kind === 'internet') return 'boundary:internet';
  if (kind === 'aws-account' && /^(?:the )?aws(?: account| cloud)?$/i.test(name.trim())) return 'boundary:aws-account';
  return stableId('boundary', kind, name);
}
