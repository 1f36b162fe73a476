import type { NapiConfig, Range, SgNode } from '@ast-grep/napi';

/**
 * The node API the taint engine uses. Every call on an ast-grep `SgNode` crosses the
 * N-API boundary (about a microsecond each), and a file's functions are walked once per
 * taint rule, so the engine works on `CachedNode`s: JavaScript mirrors that fetch each
 * property once and are shared by every rule analysing the file.
 */
export interface AstNode {
  id(): number;
  kind(): string;
  text(): string;
  isNamed(): boolean;
  range(): Range;
  /** Named children only (no punctuation or keywords). */
  namedChildren(): AstNode[];
  field(name: string): AstNode | null;
  parent(): AstNode | null;
  findAll(config: NapiConfig): AstNode[];
}

/** One file's node mirrors, canonical by node id. */
export class NodeCache {
  private readonly nodes = new Map<number, CachedNode>();

  wrap(node: SgNode): CachedNode {
    const id = node.id();
    let cached = this.nodes.get(id);
    if (!cached) this.nodes.set(id, (cached = new CachedNode(node, id, this)));
    return cached;
  }

  wrapOrNull(node: SgNode | null): CachedNode | null {
    return node ? this.wrap(node) : null;
  }
}

export class CachedNode implements AstNode {
  private kindValue?: string;
  private textValue?: string;
  private namedValue?: boolean;
  private rangeValue?: Range;
  private namedChildrenValue?: CachedNode[];
  private parentValue?: CachedNode | null;
  private fields?: Map<string, CachedNode | null>;

  constructor(
    readonly raw: SgNode,
    private readonly idValue: number,
    private readonly cache: NodeCache,
  ) {}

  id(): number {
    return this.idValue;
  }
  kind(): string {
    return (this.kindValue ??= this.raw.kind() as string);
  }
  text(): string {
    return (this.textValue ??= this.raw.text());
  }
  isNamed(): boolean {
    return (this.namedValue ??= this.raw.isNamed());
  }
  range(): Range {
    return (this.rangeValue ??= this.raw.range());
  }
  namedChildren(): CachedNode[] {
    return (this.namedChildrenValue ??= this.raw.namedChildren().map((c) => this.cache.wrap(c)));
  }
  field(name: string): CachedNode | null {
    this.fields ??= new Map();
    if (!this.fields.has(name)) this.fields.set(name, this.cache.wrapOrNull((this.raw.field as (n: string) => SgNode | null)(name)));
    return this.fields.get(name)!;
  }
  parent(): CachedNode | null {
    if (this.parentValue === undefined) this.parentValue = this.cache.wrapOrNull(this.raw.parent());
    return this.parentValue;
  }
  findAll(config: NapiConfig): CachedNode[] {
    return this.raw.findAll(config).map((n) => this.cache.wrap(n));
  }
}
