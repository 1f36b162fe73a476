/**
 * Finding the code a Python fix rewrites: the call on a finding's line, its arguments, and
 * the one assignment that built a variable the call uses. Node kinds follow
 * tree-sitter-python 0.25 as bundled by @ast-grep/napi.
 */
import { parse, type SgNode } from '@ast-grep/napi';
import { registerAstLanguages } from '../../core/ast-languages.js';

/** The module node of `source`. */
export function parsePython(source: string): SgNode {
  registerAstLanguages();
  return parse('python', source).root();
}

/** Calls that start on `line` (1-based) whose callee text passes `accept`, outermost first. */
export function callsOnLine(root: SgNode, line: number, accept: (callee: string) => boolean): SgNode[] {
  return root
    .findAll({ rule: { kind: 'call' } })
    .filter((call) => call.range().start.line === line - 1 && accept(call.field('function')?.text() ?? ''));
}

/** The positional arguments of a call, in order (`*args` included, keywords not). */
export function positionalArguments(call: SgNode): SgNode[] {
  return (call.field('arguments')?.children() ?? []).filter((child) => child.isNamed() && child.kind() !== 'keyword_argument' && child.kind() !== 'comment' && child.kind() !== 'dictionary_splat');
}

/** The `name=value` argument of a call, if present. */
export function keywordArgument(call: SgNode, name: string): SgNode | undefined {
  return (call.field('arguments')?.children() ?? []).find((child) => child.kind() === 'keyword_argument' && child.field('name')?.text() === name);
}

/**
 * The value of `name = value` when it is the only binding of `name` in the function (or
 * module) around `use` and comes before it; undefined otherwise, since a fix that rewrites
 * one of several assignments could change what another path passes. With `soleUse`, also
 * undefined when `name` is read anywhere but `use` (a fix that changes the value's type
 * would break the other readers).
 */
export function singleAssignment(use: SgNode, name: string, soleUse = false): SgNode | undefined {
  let scope = use.parent();
  while (scope && scope.kind() !== 'function_definition' && scope.kind() !== 'module') scope = scope.parent();
  if (!scope) return undefined;
  const binds = scope.findAll({ rule: { any: [{ kind: 'assignment' }, { kind: 'augmented_assignment' }, { kind: 'for_statement' }, { kind: 'with_item' }, { kind: 'named_expression' }] } }).filter((node) => {
    const target = node.field('left') ?? node.field('name') ?? node.field('value');
    return node.kind() === 'with_item' ? node.text().endsWith(` as ${name}`) : target?.text() === name || target?.findAll({ rule: { kind: 'identifier', regex: `^${name}$` } }).length;
  });
  const [only] = binds;
  if (binds.length !== 1 || only!.kind() !== 'assignment' || only!.field('left')?.text() !== name) return undefined;
  if (only!.range().end.index > use.range().start.index) return undefined;
  if (soleUse && scope.findAll({ rule: { kind: 'identifier', regex: `^${name}$` } }).length !== 2) return undefined;
  return only!.field('right') ?? undefined;
}
