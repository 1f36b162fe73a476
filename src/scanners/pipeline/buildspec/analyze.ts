import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument, type YAMLMap } from 'yaml';
import type { RuleDescriptor } from '../../../core/finding.js';
import { secretDigest } from '../../../core/fingerprint.js';
import type { ScanWarning } from '../../../core/warnings.js';
import { maskSecret } from '../../secrets/mask.js';
import type { PipelineAnalysis } from '../codebuild/analyze.js';
import { describePipelineRule, pipelineFinding } from '../codebuild/rule.js';
import { isSecretName, judgeVariable } from '../codebuild/secret-variables.js';
import { BUILDSPEC_EXPORTED_SECRET, BUILDSPEC_PLAINTEXT_SECRET, BUILDSPEC_RULES } from './rules.js';

/** Descriptors of every buildspec rule (category `pipeline`), for reports. */
export const BUILDSPEC_RULE_DESCRIPTORS: readonly RuleDescriptor[] = BUILDSPEC_RULES.map(describePipelineRule);

/** `buildspec.yml`, `buildspec.yaml`, `buildspec-release.yml`, … in any folder (CodeBuild's default name and its variants). */
export function isBuildspecPath(path: string): boolean {
  const base = path.slice(path.replace(/\\/g, '/').lastIndexOf('/') + 1);
  return /^buildspec[^/]*\.ya?ml$/i.test(base);
}

/** One `env` block: the top-level one, or a batch build's (`batch.build-list[i].env`). */
interface EnvBlock {
  env: YAMLMap;
  /** How messages name it: `env` or `batch.build-list[2].env`. */
  label: string;
}

const keyText = (node: unknown): string | undefined => (isScalar(node) && node.value !== null && typeof node.value !== 'object' ? String(node.value) : undefined);

function envBlocks(root: YAMLMap): EnvBlock[] {
  const blocks: EnvBlock[] = [];
  const env = root.get('env', true);
  if (isMap(env)) blocks.push({ env, label: 'env' });
  const batch = root.get('batch', true);
  const list = isMap(batch) ? batch.get('build-list', true) : undefined;
  if (isSeq(list)) {
    list.items.forEach((item, i) => {
      const e = isMap(item) ? item.get('env', true) : undefined;
      if (isMap(e)) blocks.push({ env: e, label: `batch.build-list[${i}].env` });
    });
  }
  return blocks;
}

/** Keys of a mapping section of `env` (`parameter-store`, `secrets-manager`). */
function sectionKeys(env: YAMLMap, section: string): Set<string> {
  const map = env.get(section, true);
  const keys = new Set<string>();
  if (isMap(map)) for (const pair of map.items) if (isPair(pair) && keyText(pair.key) !== undefined) keys.add(keyText(pair.key)!);
  return keys;
}

/**
 * Check a buildspec (CodeBuild build specification, version 0.2 YAML; reference:
 * https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html):
 * - `env.variables` (plain text) whose value has a credential's shape or whose name says
 *   secret with a literal value → `pipeline.buildspec.plaintext-secret` (high), value masked;
 * - `env.exported-variables` naming a variable loaded from `parameter-store` /
 *   `secrets-manager`, or named like a secret → `pipeline.buildspec.exported-secret` (medium).
 * The same holds for each `batch.build-list[].env`. `path` is repository-relative; lines
 * are 1-based. Never throws: unreadable YAML becomes a warning.
 */
export function analyzeBuildspec(path: string, text: string): PipelineAnalysis {
  const findings: PipelineAnalysis['findings'] = [];
  const warnings: ScanWarning[] = [];
  try {
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
    const lineOf = (node: Node | null | undefined, fallback = 1) => (node?.range ? lineCounter.linePos(node.range[0]).line : fallback);
    if (doc.errors.length) {
      const error = doc.errors[0]!;
      warnings.push({ source: 'pipeline', code: 'parse-error', path, line: lineCounter.linePos(error.pos[0]).line, message: `Buildspec ${path} is not valid YAML (${error.code}); it was not checked.` });
      return { findings, warnings };
    }
    if (!isMap(doc.contents)) return { findings, warnings };
    for (const { env, label } of envBlocks(doc.contents)) {
      const fromStores = new Set([...sectionKeys(env, 'parameter-store'), ...sectionKeys(env, 'secrets-manager')]);
      const plaintextSecrets = new Set<string>();
      const variables = env.get('variables', true);
      if (isMap(variables)) {
        for (const pair of variables.items) {
          const name = keyText(pair.key);
          const value = keyText(pair.value);
          if (name === undefined || value === undefined) continue;
          const verdict = judgeVariable(name, value);
          if (!verdict) continue;
          plaintextSecrets.add(name);
          const masked = maskSecret(verdict.secret, verdict.visible);
          const what = verdict.reason === 'value' ? `holds ${verdict.label}` : 'is named like a secret and has a literal value';
          findings.push(
            pipelineFinding(BUILDSPEC_PLAINTEXT_SECRET, {
              path,
              line: lineOf(pair.value as Node, lineOf(pair.key as Node)),
              message: `${label}.variables.${name} ${what} (${masked}) in plain text: it is committed with the buildspec. Load it through ${label}.secrets-manager or ${label}.parameter-store instead.`,
              fingerprintKey: `${label}\u0000${name}\u0000${secretDigest(verdict.secret)}`,
              snippet: `${name}: ${masked}`,
            }),
          );
        }
      } else if (variables !== undefined && variables !== null) {
        warnings.push({ source: 'pipeline', code: 'invalid-buildspec', path, line: lineOf(variables as Node), message: `Buildspec ${path}: ${label}.variables should be a mapping of names to values; it was not checked.` });
      }
      const exported = env.get('exported-variables', true);
      if (!isSeq(exported)) continue;
      for (const item of exported.items) {
        const name = keyText(item);
        if (name === undefined) continue;
        const source = fromStores.has(name) ? 'is loaded from Parameter Store / Secrets Manager' : plaintextSecrets.has(name) || isSecretName(name) ? 'is named like a secret' : undefined;
        if (!source) continue;
        findings.push(
          pipelineFinding(BUILDSPEC_EXPORTED_SECRET, {
            path,
            line: lineOf(item as Node),
            message: `${label}.exported-variables exports ${name}, which ${source}: its value becomes visible in CodePipeline and to later pipeline actions in plain text.`,
            fingerprintKey: `${label}\u0000exported\u0000${name}`,
          }),
        );
      }
    }
  } catch (error) {
    warnings.push({ source: 'pipeline', code: 'analysis-error', path, message: `Buildspec ${path} could not be fully checked: ${(error as Error).message}` });
  }
  return { findings, warnings };
}
