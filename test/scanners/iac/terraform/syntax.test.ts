import { parse } from '@ast-grep/napi';
import { describe, expect, it } from 'vitest';
import { Unknown, type Value } from '../../../../src/scanners/iac/graph.js';
import { loadTerraform } from '../../../../src/scanners/iac/terraform/index.js';
import { ensureHcl } from '../../../../src/scanners/iac/terraform/language.js';
import { decodeQuoted, parseHcl } from '../../../../src/scanners/iac/terraform/syntax.js';

ensureHcl();

/** Evaluate `locals { x = <expression> }` through the loader (an unmapped resource keeps raw values). */
async function evaluate(expression: string, extra = ''): Promise<Value | undefined> {
  const text = `${extra}\nlocals {\n  x = ${expression}\n}\nresource "probe" "p" {\n  v = local.x\n}\n`;
  const { resources, warnings } = await loadTerraform([{ path: 'main.tf', text }]);
  expect(warnings).toEqual([]);
  return resources.find((r) => r.id === 'probe.p')?.properties.v;
}

describe('HCL registration', () => {
  it('registers HCL alongside Python, because ast-grep honours only the first registration', () => {
    expect(ensureHcl()).toBe(true);
    expect(parse('python', 'x = 1').root().kind()).toBe('module');
  });
});

describe('parseHcl', () => {
  it('gives blocks, labels, attributes and 1-based lines', () => {
    const file = parseHcl('a.tf', '# comment\nresource "aws_s3_bucket" "b" {\n  bucket = "x"\n\n  versioning {\n    enabled = true\n  }\n}\n');
    expect(file.problems).toEqual([]);
    const [block] = file.body.blocks;
    expect(block).toMatchObject({ type: 'resource', labels: ['aws_s3_bucket', 'b'], line: 2, endLine: 8, path: 'a.tf' });
    expect(block!.attributes.get('bucket')).toMatchObject({ line: 3, expr: { kind: 'literal', value: 'x' } });
    expect(block!.blocks[0]).toMatchObject({ type: 'versioning', line: 5, endLine: 7 });
  });

  it('reports syntax errors with their line and keeps going', () => {
    expect(parseHcl('a.tf', 'a = 1\nb = = 2\n').problems[0]).toMatchObject({ line: 2 });
    expect(parseHcl('a.tf', 'resource "x" "y" {\n  a = 1\n').problems.length).toBeGreaterThan(0);
    expect(parseHcl('a.tf', 'a = "open\n').problems.length).toBeGreaterThan(0);
  });

  it('decodes escapes in quoted strings', () => {
    expect(decodeQuoted('a\\nb\\"c\\\\d\\u00e9 $${x} %%{y}')).toBe('a\nb"c\\dé ${x} %{y}');
  });
});

describe('expression evaluation', () => {
  it('evaluates literals, collections, arithmetic and comparisons', async () => {
    expect(await evaluate('[1, 2.5, true, null, "s"]')).toEqual([1, 2.5, true, null, 's']);
    expect(await evaluate('{ a = 1, "b" = [2] }')).toEqual({ a: 1, b: [2] });
    expect(await evaluate('-1 + 2 * 3')).toBe(5);
    expect(await evaluate('!(1 < 2) || 3 >= 3')).toBe(true);
    expect(await evaluate('"a" == "a" && 1 != 2')).toBe(true);
  });

  it('evaluates templates, keeping the type of a lone interpolation', async () => {
    expect(await evaluate('"n-${1 + 1}-${true}"')).toBe('n-2-true');
    expect(await evaluate('"${[1]}"')).toEqual([1]);
    expect(await evaluate('<<EOT\n  keep ${"x"}\nEOT')).toBe('  keep x\n');
  });

  it('evaluates variables, locals, indexes, splats and for expressions', async () => {
    const vars = 'variable "m" {\n  default = { k = ["a", "b"] }\n}\n';
    expect(await evaluate('var.m.k[1]', vars)).toBe('b');
    expect(await evaluate('var.m["k"][0]', vars)).toBe('a');
    expect(await evaluate('[for s in var.m.k : upper(s) if s != "a"]', vars)).toEqual(['B']);
    expect(await evaluate('{ for i, s in var.m.k : s => i }', vars)).toEqual({ a: 0, b: 1 });
    expect(await evaluate('[{ n = 1 }, { n = 2 }][*].n')).toEqual([1, 2]);
  });

  it('evaluates the supported functions and leaves the others unknown', async () => {
    expect(await evaluate('merge({ a = 1 }, { b = 2 }, { a = 3 })')).toEqual({ a: 3, b: 2 });
    expect(await evaluate('concat(["a"], ["b", "c"])')).toEqual(['a', 'b', 'c']);
    expect(await evaluate('format("%s:%d%%", "x", 5)')).toBe('x:5%');
    expect(await evaluate('jsonencode({ a = [1, "x"] })')).toBe('{"a":[1,"x"]}');
    expect(await evaluate('lookup({ a = 1 }, "b", 9)')).toBe(9);
    expect(await evaluate('length(split(",", "a,b,c"))')).toBe(3);
    expect(await evaluate('coalesce("", "x")')).toBe('x');
    const unknown = await evaluate('timestamp()');
    expect(unknown).toBeInstanceOf(Unknown);
    expect((unknown as Unknown).expression).toBe('timestamp()');
  });

  it('propagates unknowns with the references they came from', async () => {
    const resource = 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n';
    const joined = (await evaluate('join("/", [aws_s3_bucket.b.arn, "k"])', resource)) as Unknown;
    expect(joined.refs).toEqual(['aws_s3_bucket.b#arn']);
    const indexed = (await evaluate('aws_s3_bucket.b[0].arn', resource)) as Unknown;
    expect(indexed.refs).toEqual(['aws_s3_bucket.b#arn']);
    const conditional = (await evaluate('var.flag ? aws_s3_bucket.b.id : "none"', `${resource}variable "flag" {}\n`)) as Unknown;
    expect(conditional.expression).toBe('var.flag ? aws_s3_bucket.b.id : "none"');
    expect(conditional.refs).toEqual(['aws_s3_bucket.b#id']);
    // A name that is not a declared resource is not a reference.
    expect(((await evaluate('aws_s3_bucket.missing.arn')) as Unknown).refs).toEqual([]);
  });
});
