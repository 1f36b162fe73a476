import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import type { ScanWarning } from '../../../core/warnings.js';

/** A 1-based line and column in the workflow file. */
export interface Position {
  line: number;
  column: number;
}

/** A scalar's value with where its source text starts, for locating `${{ }}` inside it. */
export interface SourceText {
  value: string;
  /** The scalar exactly as written (quotes, block indicator and indentation included). */
  raw: string;
  /** Offset of `raw` in the file, in UTF-16 code units. */
  offset: number;
}

/**
 * A parsed workflow file: the YAML document plus the positions of its nodes.
 * Aliases (`*anchor`) are resolved wherever a node is read, so checks see the
 * anchored content; its positions are those of the anchor.
 */
export class YamlSource {
  private constructor(
    readonly path: string,
    readonly text: string,
    readonly doc: Document.Parsed,
    private readonly lineCounter: LineCounter,
  ) {}

  /**
   * Parse `text` (YAML 1.2, the `yaml` package's default core schema, so `on:` stays a
   * string key). Syntax errors, duplicate keys and multi-document files become
   * `parse-error` warnings with the file and line, and no source is returned: GitHub
   * rejects such a workflow, so it never runs.
   */
  static parse(path: string, text: string, warningSource: string): { source?: YamlSource; warnings: ScanWarning[] } {
    const lineCounter = new LineCounter();
    let doc: Document.Parsed;
    try {
      doc = parseDocument(text, { lineCounter, prettyErrors: true });
    } catch (error) {
      // The parser reports problems in doc.errors; this guards against the unexpected.
      return { warnings: [{ code: 'parse-error', message: `Cannot parse ${path}: ${(error as Error).message}`, path, source: warningSource }] };
    }
    if (doc.errors.length) {
      return {
        warnings: doc.errors.map((e) => {
          const line = e.linePos?.[0]?.line;
          const firstLine = e.message.split('\n')[0] ?? e.message;
          return { code: 'parse-error', message: `Invalid YAML in ${path}: ${firstLine}`, path, ...(line ? { line } : {}), source: warningSource };
        }),
      };
    }
    return { source: new YamlSource(path, text, doc, lineCounter), warnings: [] };
  }

  /** Line and column of a file offset. */
  position(offset: number): Position {
    const { line, col } = this.lineCounter.linePos(offset);
    return { line, column: col };
  }

  /** Where a node starts; line 1 for a node without a range. */
  start(node: Node | null | undefined): Position {
    return node?.range ? this.position(node.range[0]) : { line: 1, column: 1 };
  }

  /** The text of one line (1-based), without its line break. */
  lineText(line: number): string {
    const begin = this.lineCounter.lineStarts[line - 1] ?? 0;
    const end = this.lineCounter.lineStarts[line] ?? this.text.length;
    return this.text.slice(begin, end).replace(/\r?\n$/, '');
  }

  /** The node an alias points to; other nodes unchanged. */
  resolve(node: unknown): Node | undefined {
    if (isAlias(node)) return node.resolve(this.doc) ?? undefined;
    return (node ?? undefined) as Node | undefined;
  }

  /** The document's root node. */
  root(): Node | undefined {
    return this.resolve(this.doc.contents);
  }

  asMap(node: unknown): YAMLMap | undefined {
    const resolved = this.resolve(node);
    return isMap(resolved) ? resolved : undefined;
  }

  asSeq(node: unknown): YAMLSeq | undefined {
    const resolved = this.resolve(node);
    return isSeq(resolved) ? resolved : undefined;
  }

  /** A scalar's value as a string (numbers and booleans stringified); undefined for collections and null. */
  asString(node: unknown): string | undefined {
    const resolved = this.resolve(node);
    if (!isScalar(resolved) || resolved.value === null || resolved.value === undefined) return undefined;
    return String(resolved.value);
  }

  /** A scalar's value and source text; undefined for anything else. */
  sourceText(node: unknown): SourceText | undefined {
    const resolved = this.resolve(node);
    const value = this.asString(resolved);
    if (value === undefined || !resolved?.range) return undefined;
    const [begin, end] = resolved.range;
    return { value, raw: this.text.slice(begin, end), offset: begin };
  }

  /** Entries of a mapping with string keys: key, key node and value node (aliases resolved). */
  entries(node: unknown): { key: string; keyNode: Node | undefined; value: Node | undefined }[] {
    const map = this.asMap(node);
    if (!map) return [];
    const out: { key: string; keyNode: Node | undefined; value: Node | undefined }[] = [];
    for (const pair of map.items) {
      const key = this.asString(pair.key);
      if (key === undefined) continue;
      out.push({ key, keyNode: this.resolve(pair.key), value: this.resolve(pair.value) });
    }
    return out;
  }

  /** The value of `key` in a mapping, with its key node (for "missing value" positions). */
  get(node: unknown, key: string): { keyNode: Node | undefined; value: Node | undefined } | undefined {
    return this.entries(node).find((e) => e.key === key);
  }

  /** Items of a sequence (aliases resolved); [] for anything else. */
  items(node: unknown): (Node | undefined)[] {
    return this.asSeq(node)?.items.map((item) => this.resolve(item)) ?? [];
  }
}
