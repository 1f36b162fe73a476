/**
 * `subprocess.run(f"ping -c 1 {host}", shell=True)` becomes
 * `subprocess.run(["ping", "-c", "1", str(host)])`: the program and its arguments as a list
 * and no shell, so every value is exactly one argument that no shell parses (Python docs,
 * subprocess "Security Considerations"). `asyncio.create_subprocess_shell(cmd)` becomes
 * `asyncio.create_subprocess_exec(*argv)`. Only commands whose literal text is plain words
 * (no quotes, pipes, redirections, globs, variables or substitutions) are rewritten: those
 * mean the same with and without a shell.
 */
import type { SgNode } from '@ast-grep/napi';
import type { FixContext, FixProposal, NoFix, TextEdit } from '../fixer.js';
import { type StringPart, builtString } from '../python/strings.js';
import { callsOnLine, keywordArgument, parsePython, positionalArguments, singleAssignment } from '../python/source.js';

const SUBPROCESS = /^subprocess\.(?:run|call|check_call|check_output|Popen)$/;
const ASYNC_SHELL = 'asyncio.create_subprocess_shell';
const ALWAYS_SHELL = /^(?:os\.system|os\.popen|subprocess\.getoutput|subprocess\.getstatusoutput|commands\.\w+)$/;
/** Characters a POSIX shell gives no meaning to inside an unquoted word. */
const PLAIN_WORD = /^[\w\-./:=,@+%^]+$/;

/** One argv element as Python source. */
function element(pieces: StringPart[]): string | NoFix {
  if (pieces.length === 1 && 'expr' in pieces[0]!) {
    const { expr } = pieces[0]!;
    return /^str\(.*\)$/s.test(expr) ? expr : `str(${expr})`;
  }
  let body = '';
  let dynamic = false;
  for (const piece of pieces) {
    if ('expr' in piece) {
      body += `{${piece.expr}}`;
      dynamic = true;
    } else body += piece.text.replaceAll('{', '{{').replaceAll('}', '}}');
  }
  if (dynamic && pieces.some((p) => 'expr' in p && /["'\\]/.test(p.expr))) return { reason: 'an argument mixes text with an expression that holds quotes' };
  return dynamic ? `f"${body}"` : `"${body}"`;
}

/** The argv list of a command line made of plain words and spliced values, or why it needs a shell. */
function argv(parts: StringPart[]): string[] | NoFix {
  const words: StringPart[][] = [[]];
  for (const part of parts) {
    if ('expr' in part) {
      words.at(-1)!.push(part);
      continue;
    }
    const chunks = part.text.split(/(\s+)/);
    for (const chunk of chunks) {
      if (!chunk) continue;
      if (/^\s+$/.test(chunk)) words.push([]);
      else if (!PLAIN_WORD.test(chunk)) return { reason: `the command uses shell syntax (${JSON.stringify(chunk)}), which would mean something else without a shell` };
      else words.at(-1)!.push({ text: chunk });
    }
  }
  const out: string[] = [];
  for (const word of words.filter((w) => w.length)) {
    const written = element(word);
    if (typeof written !== 'string') return written;
    out.push(written);
  }
  return out;
}

/** Delete a keyword argument together with the comma before it. */
function dropKeyword(path: string, keyword: SgNode): TextEdit {
  let start = keyword.range().start.index;
  const siblings = keyword.parent()?.children() ?? [];
  const index = siblings.findIndex((s) => s.range().start.index === start);
  const comma = siblings[index - 1];
  if (comma?.text() === ',') start = comma.range().start.index;
  return { path, start, end: keyword.range().end.index, text: '' };
}

export function shellArgv({ finding, source }: FixContext): FixProposal | NoFix {
  const root = parsePython(source);
  const line = finding.location.startLine;
  const shellOnly = callsOnLine(root, line, (callee) => ALWAYS_SHELL.test(callee))[0];
  const call = callsOnLine(root, line, (callee) => SUBPROCESS.test(callee) || callee === ASYNC_SHELL)[0];
  if (!call) {
    return { reason: shellOnly ? `${shellOnly.field('function')!.text()}() always runs a shell and returns something subprocess.run() does not; rewrite it as subprocess.run([...]) by hand` : 'the line has no subprocess call with shell=True the fix can rewrite' };
  }
  const callee = call.field('function')!.text();
  const shell = keywordArgument(call, 'shell');
  if (callee !== ASYNC_SHELL && shell?.field('value')?.text() !== 'True') return { reason: `${callee}() does not pass shell=True` };
  const [command, ...rest] = positionalArguments(call);
  if (!command) return { reason: `${callee}() has no command argument` };
  let target: SgNode = command;
  if (command.kind() === 'identifier') {
    const value = singleAssignment(call, command.text(), true);
    if (!value) return { reason: `${command.text()} is assigned more than once, used elsewhere, or not set in this function, so the fix cannot safely turn it into a list for ${callee}()` };
    target = value;
  }
  const built = builtString(target);
  if ('reason' in built) return { reason: `the command cannot be taken apart: ${built.reason}` };
  const args = argv(built.parts);
  if (!Array.isArray(args)) return args;
  if (!args.length) return { reason: 'the command is empty' };
  const path = finding.location.path;
  const edits: TextEdit[] = [];
  const list = `[${args.join(', ')}]`;
  if (callee === ASYNC_SHELL) {
    if (target !== command) return { reason: 'create_subprocess_exec() takes the arguments inline; rewrite the variable by hand' };
    const fn = call.field('function')!;
    edits.push({ path, start: fn.range().start.index, end: fn.range().end.index, text: 'asyncio.create_subprocess_exec' });
    edits.push({ path, start: command.range().start.index, end: command.range().end.index, text: args.join(', ') });
    if (rest.length) return { reason: 'create_subprocess_shell() has further positional arguments' };
  } else {
    edits.push({ path, start: target.range().start.index, end: target.range().end.index, text: list });
    edits.push(dropKeyword(path, shell!));
  }
  return {
    description: `Run ${args[0]} without a shell: pass the program and its arguments as a list${callee === ASYNC_SHELL ? ' to create_subprocess_exec()' : ' and drop shell=True'}, so each value is one argument no shell interprets.`,
    edits,
  };
}
