/**
 * Adapter for secretlint (`@secretlint/core` `lintSource` with the rules of
 * `@secretlint/secretlint-rule-preset-recommend`): runs only the rules whose
 * prefilter matches a file (secretlint-rules.ts), and turns its messages into
 * SecretHits with exact secret ranges (secretlint's own ranges are sometimes off:
 * trailing quotes on URLs, the whole `NAME=value` for some keys).
 */
import { extname } from 'node:path';
import { lintSource } from '@secretlint/core';
import { rules as presetRules } from '@secretlint/secretlint-rule-preset-recommend';
import type { KeywordText } from './keywords.js';
import type { SecretHit, Verdict } from './hit.js';
import { isExampleSecret, isPlaceholder } from './placeholders.js';
import { releaseProfilerMemory } from './profiler.js';
import { fallbackRule, secretRule } from './rules.js';
import { SECRETLINT_RULES, type SecretlintRuleSpec } from './secretlint-rules.js';
import { awsAccessKeyId, parseCredentialUrl, trimUrl, urlPassword } from './validators.js';

type CoreConfig = Parameters<typeof lintSource>[0]['options']['config'];
type CoreConfigRule = CoreConfig['rules'][number];
/** One message of secretlint's result. */
export type SecretlintMessage = Awaited<ReturnType<typeof lintSource>>['messages'][number];

interface PreparedRule {
  id: string;
  spec?: SecretlintRuleSpec;
  config: CoreConfigRule;
}

/** Keys of secretlint's message `data` that hold the reported value (others, like `typeName`, are labels). */
const DATA_VALUE_KEYS = ['KEY', 'TOKEN', 'ID', 'URI', 'URL', 'CREDENTIAL'];

/** Result of one file: hits, and how many secretlint rules ran (0 when the prefilter skipped the file). */
export interface SecretlintResult {
  hits: SecretHit[];
  rulesRun: number;
}

/**
 * secretlint with Guardian's configuration: every preset rule except the comment
 * filter (Guardian's `guardian-ignore:` is the one suppression syntax), the AWS rule
 * with `enableIDScanRule: true`.
 */
export class SecretlintEngine {
  private readonly rules: PreparedRule[];
  private readonly specs: Map<string, SecretlintRuleSpec>;

  constructor(table: readonly SecretlintRuleSpec[] = SECRETLINT_RULES) {
    this.specs = new Map(table.map((s) => [s.id, s]));
    this.rules = presetRules
      .filter((rule) => !this.specs.get(rule.meta.id)?.disabled)
      .map((rule) => {
        const spec = this.specs.get(rule.meta.id);
        return { id: rule.meta.id, spec, config: { id: rule.meta.id, rule, options: { ...(spec?.options ?? {}) } } as CoreConfigRule };
      });
  }

  /** Ids of the secretlint rules that can run. */
  get ruleIds(): string[] {
    return this.rules.map((r) => r.id);
  }

  /** Guardian rule ids that secretlint's messages map to. */
  get mappedRuleIds(): string[] {
    return [...new Set(this.rules.flatMap((r) => (r.spec ? Object.values(r.spec.messages) : [fallbackRule(r.id).id])))];
  }

  /** The rules whose prefilter matches `source`: a keyword occurs and the regex (if any) matches. A rule without a spec always runs. */
  select(source: KeywordText, path: string): PreparedRule[] {
    const ext = extname(path).toLowerCase();
    return this.rules.filter(({ spec }) => {
      if (!spec) return true;
      if (spec.extensions && !spec.extensions.includes(ext)) return false;
      const gated = spec.keywords !== undefined || spec.keywordsIgnoreCase !== undefined;
      const keyword = (spec.keywords !== undefined && source.hasAny(spec.keywords)) || (spec.keywordsIgnoreCase !== undefined && source.hasAny(spec.keywordsIgnoreCase, true));
      if (gated && !keyword) return false;
      return spec.prefilter === undefined || spec.prefilter.test(source.text);
    });
  }

  /**
   * Lint one file. `all` bypasses the prefilter (to verify it loses nothing).
   * Throws what `lintSource` throws; the caller reports it as a warning.
   */
  async detect(source: KeywordText, path: string, all = false): Promise<SecretlintResult> {
    const selected = all ? this.rules : this.select(source, path);
    if (!selected.length) return { hits: [], rulesRun: 0 };
    let result;
    try {
      result = await lintSource({
        source: { content: source.text, filePath: path, ext: extname(path), contentType: 'text' },
        options: { config: { rules: selected.map((r) => r.config) }, locale: 'en', maskSecrets: false },
      });
    } finally {
      await releaseProfilerMemory();
    }
    const hits: SecretHit[] = [];
    for (const message of result.messages) {
      if (message.type !== 'message') continue;
      const hit = this.toHit(message, source.text);
      if (hit) hits.push(hit);
    }
    return { hits, rulesRun: selected.length };
  }

  /** Convert one message, fixing its range; undefined drops it (placeholder password, unparsable). */
  toHit(message: SecretlintMessage, text: string): SecretHit | undefined {
    const spec = this.specs.get(message.ruleId);
    let ruleId = spec?.messages[message.messageId] ?? fallbackRule(message.ruleId).id;
    let [start, end] = message.range;
    const value = dataValue(message.data);
    if (value) {
      const at = text.indexOf(value, start);
      if (at !== -1 && at - start <= 512) [start, end] = [at, at + value.length];
    }
    let secretStart = start;
    let secretEnd = end;
    let verdict: Verdict | undefined = {};
    const matched = text.slice(start, end);

    switch (message.messageId) {
      case 'AWSAccessKeyID':
        if (!/^(AKIA|ASIA|A3T)/.test(matched)) ruleId = 'secrets.aws-unique-id';
        verdict = ruleId === 'secrets.aws-unique-id' ? {} : awsAccessKeyId(matched);
        break;
      case 'AWSAccountID': {
        const digits = /\d{4}-?\d{4}-?\d{4}/.exec(matched);
        if (digits) [secretStart, secretEnd] = [start + digits.index, start + digits.index + digits[0].length];
        [start, end] = [secretStart, secretEnd];
        break;
      }
      case 'PrivateKeyJSON': {
        const field = /"private_key"\s*:\s*"((?:\\.|[^"\\])*)"/.exec(text);
        if (field) [start, end] = [field.index + field[0].length - field[1]!.length - 1, field.index + field[0].length - 1];
        else [start, end] = [0, text.indexOf('\n') > 0 ? text.indexOf('\n') : text.length];
        [secretStart, secretEnd] = [start, end];
        break;
      }
      case 'PrivateKey': {
        const headerEnd = text.indexOf('-----', start + 10);
        const footer = text.lastIndexOf('-----END', end);
        if (headerEnd !== -1 && footer > headerEnd) [secretStart, secretEnd] = [headerEnd + 5, footer];
        break;
      }
      case 'BasicAuth':
      case 'MongoDBConnection':
      case 'MySQLConnection':
      case 'PostgreSQLConnection': {
        const url = trimUrl(matched);
        end = start + url.length;
        const parsed = parseCredentialUrl(url);
        if (!parsed) return undefined;
        [secretStart, secretEnd] = [start + parsed.passwordStart, start + parsed.passwordEnd];
        verdict = urlPassword(parsed.groups.secret!, parsed.groups);
        if (verdict && message.messageId === 'BasicAuth') verdict = verdict.example ? { example: true } : {};
        break;
      }
      case 'IncomingWebhook': {
        // The secret is the last path segment; the team and channel ids are not.
        const slash = matched.lastIndexOf('/');
        secretStart = start + slash + 1;
        verdict = { example: isExampleSecret(matched.slice(slash + 1)) || /\/T0+\/B0+\//.test(matched) };
        break;
      }
      case 'Npmrc_authToken': {
        const token = matched.replace(/\s+$/, '').replace(/^["']|["']$/g, '');
        const offset = matched.indexOf(token);
        [start, end] = [start + offset, start + offset + token.length];
        [secretStart, secretEnd] = [start, end];
        verdict = isPlaceholder(token) ? undefined : { example: isExampleSecret(token, 4) };
        break;
      }
      default:
        verdict = { example: isExampleSecret(matched, Math.min(secretRule(ruleId)?.visible ?? 0, 4)) };
    }
    if (!verdict || end <= start) return undefined;
    return {
      ruleId,
      start,
      end,
      secretStart,
      secretEnd,
      engine: 'secretlint',
      ...(verdict.example ? { example: true } : {}),
      ...(verdict.severity ? { severity: verdict.severity } : {}),
      ...(verdict.detail ? { detail: verdict.detail } : {}),
    };
  }
}

function dataValue(data: unknown): string | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const record = data as Record<string, unknown>;
  for (const key of DATA_VALUE_KEYS) {
    const value = record[key];
    if (typeof value === 'string' && value) return value;
  }
  return undefined;
}
