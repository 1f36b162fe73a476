import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { RuleDescriptor } from '../../core/finding.js';
import type { FindingDraft } from '../../core/fingerprint.js';
import type { Component } from '../../core/inventory.js';
import type { Scanner, ScanContext, ScannerOutput } from '../../core/scanner.js';
import { AdvisoryDatabase, defaultDatabasePath } from './advisories/database.js';
import { cvss3BaseScore } from './advisories/cvss.js';
import { matchAdvisory } from './advisories/match.js';
import { type OsvRecord, advisoryCwes, advisorySeverity, advisoryUrl } from './advisories/osv.js';
import { type AdvisorySource, DatabaseSource, DirectorySource, OsvApiSource, type PackageQuery } from './advisories/sources.js';
import { lockfileParserFor } from './lockfiles/index.js';

/**
 * Software composition analysis: reads lockfiles, lists every package (the SBOM's
 * components) and reports the ones an OSV advisory affects, with the lowest fixed
 * version as the remediation.
 *
 * Advisory sources, in order: directories from `sca.advisories`; then the OSV API,
 * unless offline; the offline database (`guardian db update`) when offline or when
 * the API cannot be reached. A run with no source at all says so in a warning rather
 * than passing silently.
 */
export class ScaScanner implements Scanner {
  readonly id = 'sca' as const;
  readonly title = 'Dependencies (SCA)';

  async scan(ctx: ScanContext): Promise<ScannerOutput> {
    const components = await this.inventory(ctx);
    const includeDev = ctx.config.sca?.['include-dev'] ?? true;
    const checked = components.filter((c) => includeDev || !c.dev);
    const queries = uniqueQueries(checked);
    ctx.progress.update(0, queries.length, 'looking up advisories');
    const candidates = queries.length ? await this.lookup(ctx, queries) : new Map<string, OsvRecord[]>();

    const findings: FindingDraft[] = [];
    const rules = new Map<string, RuleDescriptor>();
    const texts = new Map<string, string[]>();
    for (const component of checked) {
      const records = candidates.get(queryKey(component)) ?? [];
      const matched = records
        .map((record) => ({ record, match: matchAdvisory(record, component.ecosystem, component.name, component.version) }))
        .filter((m) => m.match.affected);
      for (const { record, fixedVersion, aliases } of mergeAliases(matched)) {
        const lines = texts.get(component.manifest) ?? readLines(ctx.root, component.manifest);
        texts.set(component.manifest, lines);
        findings.push(toFinding(component, record, aliases, fixedVersion, lines));
        if (!rules.has(record.id)) rules.set(record.id, describeAdvisory(record));
      }
    }
    ctx.progress.update(queries.length, queries.length);
    return {
      findings,
      rules: [...rules.values()],
      components,
      stats: { lockfiles: new Set(components.map((c) => c.manifest)).size, packages: components.length, advisories: rules.size },
    };
  }

  private async inventory(ctx: ScanContext): Promise<Component[]> {
    const components: Component[] = [];
    for (const file of ctx.files) {
      const parse = lockfileParserFor(file.path);
      if (!parse) continue;
      const text = await ctx.workspace.readText(file);
      if (text === undefined) continue;
      const dir = dirname(file.absPath);
      const result = parse({
        path: file.path,
        text,
        readSibling: (name) => {
          try {
            return readFileSync(join(dir, name), 'utf8');
          } catch {
            return undefined;
          }
        },
      });
      components.push(...result.components);
      for (const problem of result.problems) {
        ctx.warnings.add({ source: 'sca', code: 'lockfile-problem', path: file.path, line: problem.line, message: problem.message });
      }
    }
    return components;
  }

  private async lookup(ctx: ScanContext, queries: PackageQuery[]): Promise<Map<string, OsvRecord[]>> {
    const sources: AdvisorySource[] = [];
    for (const dir of ctx.config.sca?.advisories ?? []) {
      const path = resolve(ctx.configDir, dir);
      try {
        sources.push(
          new DirectorySource(path, (p) => ctx.warnings.add({ source: 'sca', code: 'advisory-record-invalid', path: p.file, message: p.message })),
        );
      } catch (error) {
        ctx.warnings.add({ source: 'sca', code: 'advisory-source-unreadable', message: `Cannot read advisories from ${path}: ${(error as Error).message}` });
      }
    }
    const dbPath = ctx.config.sca?.database ? resolve(ctx.configDir, ctx.config.sca.database) : defaultDatabasePath();
    const database = () => {
      const db = AdvisoryDatabase.openIfExists(dbPath);
      return db ? new DatabaseSource(db) : undefined;
    };

    const out = new Map<string, OsvRecord[]>();
    const add = (records: OsvRecord[][]) =>
      records.forEach((list, i) => {
        const key = queryKey(queries[i]!);
        const merged = new Map((out.get(key) ?? []).map((r) => [r.id, r]));
        for (const record of list) merged.set(record.id, record);
        out.set(key, [...merged.values()]);
      });

    for (const source of sources) add(await source.candidates(queries));
    let remote = false;
    if (!ctx.offline) {
      try {
        add(await new OsvApiSource().candidates(queries));
        remote = true;
      } catch (error) {
        ctx.warnings.add({
          source: 'sca',
          code: 'osv-api-unreachable',
          message: `The OSV API could not be reached (${(error as Error).message}); using the offline database if there is one. Use --offline to skip the API.`,
        });
      }
    }
    if (!remote) {
      const db = database();
      if (db) add(await db.candidates(queries));
      else if (!sources.length) {
        ctx.warnings.add({
          source: 'sca',
          code: 'no-advisory-source',
          message: `No advisory source was available, so ${queries.length} packages were NOT checked for vulnerabilities. Build the offline database with: guardian db update --from <osv-export-dir-or-zip> (expected at ${dbPath}).`,
        });
      }
    }
    return out;
  }
}

function queryKey(q: { ecosystem: string; name: string; version: string }): string {
  return `${q.ecosystem}\u0000${q.name.toLowerCase()}\u0000${q.version}`;
}

function uniqueQueries(components: Component[]): PackageQuery[] {
  const seen = new Map<string, PackageQuery>();
  for (const c of components) seen.set(queryKey(c), { ecosystem: c.ecosystem, name: c.name, version: c.version });
  return [...seen.values()];
}

/**
 * Records for the same vulnerability under different ids (PYSEC-… and GHSA-… with each
 * other as aliases) become one: the record with a severity rating wins, GHSA first.
 */
function mergeAliases(matched: { record: OsvRecord; match: { fixedVersion?: string } }[]): { record: OsvRecord; fixedVersion?: string; aliases: string[] }[] {
  const groups: { ids: Set<string>; members: typeof matched }[] = [];
  for (const m of matched) {
    const ids = new Set([m.record.id, ...(m.record.aliases ?? [])]);
    const group = groups.find((g) => [...ids].some((id) => g.ids.has(id)));
    if (group) {
      ids.forEach((id) => group.ids.add(id));
      group.members.push(m);
    } else {
      groups.push({ ids, members: [m] });
    }
  }
  return groups.map(({ ids, members }) => {
    const rank = (r: OsvRecord) => (advisorySeverity(r).rated ? 0 : 2) + (r.id.startsWith('GHSA-') ? 0 : 1);
    const best = [...members].sort((a, b) => rank(a.record) - rank(b.record) || a.record.id.localeCompare(b.record.id))[0]!;
    const fixes = members.map((m) => m.match.fixedVersion).filter((v): v is string => !!v);
    return { record: best.record, fixedVersion: best.match.fixedVersion ?? fixes[0], aliases: [...ids].filter((id) => id !== best.record.id).sort() };
  });
}

/**
 * One sentence that says what the vulnerability is: the record's `summary`, else the
 * first sentence of `details` — skipping a product blurb ("Werkzeug is a comprehensive
 * WSGI web application library.") when a second sentence follows.
 */
function summaryOf(record: OsvRecord): string {
  if (record.summary?.trim()) return clip(record.summary.replace(/\s+/g, ' ').trim());
  const text = (record.details || 'No description.').replace(/\s+/g, ' ').trim();
  const sentences = text.split(/(?<=[.!?])\s+(?=[A-Z*])/);
  const blurb = /^[\w.-]+ is an? /i.test(sentences[0] ?? '') && sentences.length > 1;
  return clip(sentences[blurb ? 1 : 0] ?? text);
}

function clip(text: string): string {
  return text.length > 240 ? `${text.slice(0, 239)}…` : text;
}

function describeAdvisory(record: OsvRecord): RuleDescriptor {
  const cwe = advisoryCwes(record);
  const { cvss } = advisorySeverity(record);
  const score = cvss ? cvss3BaseScore(cvss) : undefined;
  return {
    ...(score !== undefined ? { score } : {}),
    id: record.id,
    title: summaryOf(record),
    description: (record.details || record.summary || '').trim().slice(0, 2000) || summaryOf(record),
    severity: advisorySeverity(record).severity,
    category: 'sca',
    cwe: cwe.length ? cwe : ['CWE-1395'],
    references: [advisoryUrl(record), ...(record.references ?? []).map((r) => r.url)].slice(0, 10),
    precision: 'very-high',
  };
}

function toFinding(component: Component, record: OsvRecord, aliases: string[], fixedVersion: string | undefined, lines: string[]): FindingDraft {
  const { severity, cvss, rated } = advisorySeverity(record);
  const cwe = advisoryCwes(record);
  const line = locate(lines, component.name, component.version);
  const known = aliases.filter((a) => a.startsWith('CVE-'));
  const label = known.length ? `${record.id} (${known.join(', ')})` : record.id;
  const transitive = component.direct === false;
  const upgrade = fixedVersion
    ? `Upgrade ${component.name} to ${fixedVersion} or later.`
    : `No fixed version is published: remove or replace ${component.name}, or apply the advisory's workaround.`;
  const howTransitive = transitive
    ? ` ${component.name} is a transitive dependency: upgrade the package that requires it, or force the version (npm "overrides", yarn "resolutions", pnpm "overrides", a pip constraints file).`
    : '';
  return {
    ruleId: record.id,
    category: 'sca',
    severity,
    confidence: 'high',
    title: `${component.name} ${component.version}: ${summaryOf(record)}`,
    message: `${component.name} ${component.version} (${transitive ? 'transitive' : component.direct ? 'direct' : 'dependency'}${component.dev ? ', dev' : ''}) is affected by ${label}: ${summaryOf(record)}${fixedVersion ? ` Fixed in ${fixedVersion}.` : ''}${rated ? '' : ' The advisory has no severity rating; Guardian reports it as medium.'}`,
    cwe: cwe.length ? cwe : ['CWE-1395'],
    owasp: ['A06:2021-Vulnerable and Outdated Components'],
    location: { path: component.manifest, startLine: line, snippet: lines[line - 1]?.trim() },
    remediation: { text: upgrade + howTransitive, ...(fixedVersion ? { fixedVersion } : {}) },
    references: [advisoryUrl(record)],
    package: { ecosystem: component.ecosystem, name: component.name, version: component.version, direct: component.direct, manifest: component.manifest },
    advisory: { id: record.id, aliases, url: advisoryUrl(record), summary: summaryOf(record), ...(cvss ? { cvss } : {}) },
    fingerprintKey: `${component.ecosystem}:${component.name}@${component.version}:${record.id}`,
  };
}

function readLines(root: string, manifest: string): string[] {
  try {
    return readFileSync(join(root, manifest), 'utf8').split('\n');
  } catch {
    return [];
  }
}

/**
 * Line (1-based) where a package is declared in a lockfile: the first line naming the
 * package that is followed within six lines by its version (lockfiles put the version on
 * the key line or just below it), preferring package-lock `node_modules/<name>` keys;
 * else the first line naming it; else 1.
 */
export function locate(lines: string[], name: string, version: string): number {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\[-_.]|[-_]/g, '[-_.]');
  const patterns = [
    new RegExp(`node_modules/${escaped}"`, 'i'),
    new RegExp(`(?<![\\w.@-])(?<!@[\\w.-]+/)${escaped}(?![\\w-])`, 'i'),
  ];
  let first = 0;
  for (const pattern of patterns) {
    for (let i = 0; i < lines.length; i++) {
      if (!pattern.test(lines[i]!)) continue;
      if (!first) first = i + 1;
      for (let j = i; j < Math.min(lines.length, i + 6); j++) if (lines[j]!.includes(version)) return i + 1;
    }
  }
  return first || 1;
}
