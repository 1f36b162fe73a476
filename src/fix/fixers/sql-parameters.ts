/**
 * SQL built with f-strings, `+`, `%` or `.format()` becomes a constant statement with bound
 * parameters (OWASP Query Parameterization Cheat Sheet), in the placeholder style of the
 * module's driver: `?` for sqlite3 (qmark), `%s` for psycopg/pymysql/MySQLdb/Django
 * (format), per PEP 249's paramstyle. A value is bound only where SQL takes a value (after a
 * comparison, in VALUES/IN lists, LIMIT/OFFSET); an identifier such as a table or column
 * name cannot be bound, so such code is refused.
 */
import type { SgNode } from '@ast-grep/napi';
import type { FixContext, FixProposal, NoFix, TextEdit } from '../fixer.js';
import { type StringPart, builtString } from '../python/strings.js';
import { callsOnLine, parsePython, positionalArguments, singleAssignment } from '../python/source.js';

type Style = '?' | '%s';

const QMARK_DRIVERS = /^\s*(?:import|from)\s+(?:sqlite3|aiosqlite)\b/m;
const FORMAT_DRIVERS = /^\s*(?:import|from)\s+(?:psycopg2?|pymysql|MySQLdb|mysql\.connector|pg8000|django)\b/m;

/** Text before a value: a comparison, LIKE, LIMIT/OFFSET, or a list inside VALUES (…) / IN (…). */
const VALUE_CONTEXT = /(?:=|<|>|\bLIKE|\bLIMIT|\bOFFSET)\s*$/i;
const LIST_CONTEXT = /(?:,|\()\s*$/;

function placeholderStyle(source: string, djangoRaw: boolean): Style | NoFix {
  if (djangoRaw) return '%s';
  const qmark = QMARK_DRIVERS.test(source);
  const format = FORMAT_DRIVERS.test(source);
  if (qmark !== format) return qmark ? '?' : '%s';
  return { reason: 'the module imports no single DB-API driver (sqlite3, psycopg, pymysql, MySQLdb, mysql.connector), so the placeholder style is unknown' };
}

/** Is the end of `sql` inside a VALUES (…) or IN (…) list? */
function inValueList(sql: string): boolean {
  let depth = 0;
  for (let i = sql.length - 1; i >= 0; i--) {
    if (sql[i] === ')') depth++;
    else if (sql[i] === '(' && depth-- === 0) return /\b(?:VALUES|IN)\s*$/i.test(sql.slice(0, i));
  }
  return false;
}

/** The constant SQL text and the bound values, or why a value sits where SQL needs an identifier or keyword. */
function parameterise(parts: StringPart[]): { sql: string; values: string[] } | NoFix {
  let sql = '';
  const values: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if ('text' in part) {
      sql += part.text;
      continue;
    }
    const next = parts[i + 1];
    let quoted = false;
    // An odd number of quotes so far: the value sits inside a SQL string literal.
    if ((sql.match(/'/g)?.length ?? 0) % 2 === 1) {
      if (!sql.endsWith("'") || !(next && 'text' in next && next.text.startsWith("'"))) return { reason: `${part.expr} is spliced into the middle of a quoted SQL literal (e.g. a LIKE pattern); bind the whole pattern as one parameter by hand` };
      quoted = true;
      sql = sql.slice(0, -1);
    }
    if (!VALUE_CONTEXT.test(sql) && !(LIST_CONTEXT.test(sql) && inValueList(sql))) return { reason: `${part.expr} is spliced where the SQL needs an identifier or keyword, not a value; pick it from an allow-list instead` };
    sql += '\u0000';
    values.push(part.expr);
    if (quoted) (next as { text: string }).text = (next as { text: string }).text.slice(1);
  }
  return { sql, values };
}

export function sqlParameters({ finding, source }: FixContext): FixProposal | NoFix {
  const calls = callsOnLine(parsePython(source), finding.location.startLine, (callee) => /(?:\.execute|\.executemany|\.objects\.raw)$/.test(callee));
  const call = calls[0];
  if (!call) return { reason: 'the line has no cursor.execute() or Model.objects.raw() call the fix can parameterise (SQLAlchemy text() needs named binds: rewrite it by hand)' };
  const callee = call.field('function')!.text();
  if (callee.endsWith('.executemany')) return { reason: 'executemany() binds one parameter set per row; build the statement by hand' };
  const [query, ...rest] = positionalArguments(call);
  if (!query) return { reason: `${callee}() has no query argument` };
  if (rest.length) return { reason: `${callee}() already passes parameters; remove the string building by hand` };
  let target: SgNode = query;
  if (query.kind() === 'identifier') {
    const value = singleAssignment(call, query.text());
    if (!value) return { reason: `${query.text()} is assigned more than once or not in this function, so the fix cannot tell which SQL reaches ${callee}()` };
    target = value;
  }
  const built = builtString(target);
  if ('reason' in built) return { reason: `the SQL cannot be taken apart: ${built.reason}` };
  if (!built.parts.some((p) => 'expr' in p)) return { reason: 'the SQL has no spliced values' };
  const djangoRaw = callee.endsWith('.objects.raw');
  const style = placeholderStyle(source, djangoRaw);
  if (typeof style === 'object') return style;
  const bound = parameterise(built.parts.map((p) => ({ ...p })));
  if ('reason' in bound) return bound;
  // In the format paramstyle a literal % must be doubled once parameters are passed.
  const sql = (style === '%s' ? bound.sql.replaceAll('%', '%%') : bound.sql).replaceAll('\u0000', style);
  const literal = built.literal(sql);
  if (!literal) return { reason: 'the constant SQL cannot be written in the original literal style' };
  const values = djangoRaw ? `[${bound.values.join(', ')}]` : `(${bound.values.join(', ')}${bound.values.length === 1 ? ',' : ''})`;
  const path = finding.location.path;
  const edits: TextEdit[] = [
    { path, start: target.range().start.index, end: target.range().end.index, text: literal },
    { path, start: query.range().end.index, end: query.range().end.index, text: `, ${values}` },
  ];
  if (target === query) edits.splice(0, 2, { path, start: query.range().start.index, end: query.range().end.index, text: `${literal}, ${values}` });
  return {
    description: `Keep the SQL text constant and bind ${bound.values.join(', ')} as ${bound.values.length === 1 ? 'a parameter' : 'parameters'} (${style} placeholders), so the driver sends ${bound.values.length === 1 ? 'it' : 'them'} as data, never as SQL.`,
    edits,
  };
}
