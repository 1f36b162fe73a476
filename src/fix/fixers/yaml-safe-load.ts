/**
 * PyYAML: `yaml.load(x[, Loader=…])`, `yaml.unsafe_load(x)`, `yaml.full_load(x)` and their
 * `_all` forms become `yaml.safe_load(x)` / `yaml.safe_load_all(x)`, the documented loader
 * that builds only plain YAML types (https://pyyaml.org/wiki/PyYAMLDocumentation).
 */
import type { FixContext, FixProposal, NoFix } from '../fixer.js';
import { callsOnLine, parsePython, positionalArguments } from '../python/source.js';

const UNSAFE = /^yaml\.(load|unsafe_load|full_load)(_all)?$/;

export function yamlSafeLoad({ finding, source }: FixContext): FixProposal | NoFix {
  const [call] = callsOnLine(parsePython(source), finding.location.startLine, (callee) => UNSAFE.test(callee));
  if (!call) return { reason: 'the line has no yaml.load(x[, Loader=…]) call (other deserialisers such as pickle have no safe drop-in replacement), so it is left for a person to rewrite' };
  const [stream, ...extra] = positionalArguments(call);
  const keywords = (call.field('arguments')?.children() ?? []).filter((c) => c.kind() === 'keyword_argument');
  if (!stream || extra.length || keywords.some((k) => k.field('name')?.text() !== 'Loader')) return { reason: `${call.text()} passes arguments other than the stream and Loader, so the call is left for a person to rewrite` };
  const safe = `yaml.safe_load${UNSAFE.exec(call.field('function')!.text())![2] ?? ''}`;
  const range = call.range();
  return {
    description: `Use ${safe}, which builds only plain YAML types and never runs constructors from the document.`,
    edits: [{ path: finding.location.path, start: range.start.index, end: range.end.index, text: `${safe}(${stream.text()})` }],
  };
}
