import { basename } from 'node:path';
import { Enums, Models, Serialize, Spec, Types } from '@cyclonedx/cyclonedx-library';
import type { Component } from '../core/inventory.js';
import type { ScanResult } from '../core/run.js';

const RATING: Record<string, Enums.Vulnerability.Severity> = {
  critical: Enums.Vulnerability.Severity.Critical,
  high: Enums.Vulnerability.Severity.High,
  medium: Enums.Vulnerability.Severity.Medium,
  low: Enums.Vulnerability.Severity.Low,
  info: Enums.Vulnerability.Severity.Info,
};

/**
 * A CycloneDX 1.6 JSON SBOM (https://cyclonedx.org/docs/1.6/json/) built with
 * @cyclonedx/cyclonedx-library: the scanned project as the root `application`, every
 * package from every lockfile as a `library` component (bom-ref = purl; the lockfile
 * in `properties`), the dependency graph where lockfiles record it, and the
 * vulnerabilities Guardian found (`vulnerabilities[]` with ratings, CWEs, affected
 * refs and the fixed version as a recommendation).
 */
export function toCycloneDx(result: ScanResult): string {
  const bom = new Models.Bom();
  bom.serialNumber = `urn:uuid:${crypto.randomUUID()}`;
  bom.metadata.timestamp = new Date(result.startedAt);
  bom.metadata.tools.components.add(
    new Models.Component(Enums.ComponentType.Application, 'guardian', { version: result.tool.version, group: 'guardian' }),
  );
  const root = new Models.Component(Enums.ComponentType.Application, basename(result.target) || 'project', { bomRef: 'project' });
  bom.metadata.component = root;

  const byRef = new Map<string, Models.Component>();
  for (const c of dedupe(result.components)) {
    const component = new Models.Component(Enums.ComponentType.Library, c.name, {
      bomRef: c.purl,
      version: c.version,
      purl: c.purl,
      scope: c.dev ? Enums.ComponentScope.Optional : Enums.ComponentScope.Required,
    });
    if (c.license) component.licenses.add(new Models.NamedLicense(c.license));
    for (const manifest of c.manifests) component.properties.add(new Models.Property('guardian:manifest', manifest));
    if (c.direct !== undefined) component.properties.add(new Models.Property('guardian:direct', String(c.direct)));
    byRef.set(c.purl, component);
    bom.components.add(component);
  }
  for (const c of result.components) {
    const component = byRef.get(c.purl);
    if (!component) continue;
    for (const dep of c.dependsOn ?? []) {
      const target = byRef.get(dep);
      if (target) component.dependencies.add(target.bomRef);
    }
    if (c.direct) root.dependencies.add(component.bomRef);
  }

  const vulnerabilities = new Map<string, Models.Vulnerability.Vulnerability>();
  for (const f of [...result.findings, ...result.suppressed]) {
    if (f.category !== 'sca' || !f.advisory || !f.package) continue;
    const ref = [...byRef.entries()].find(([, c]) => c.name === f.package!.name && c.version === f.package!.version)?.[1]?.bomRef;
    let vuln = vulnerabilities.get(f.advisory.id);
    if (!vuln) {
      vuln = new Models.Vulnerability.Vulnerability({
        bomRef: `vuln-${f.advisory.id}`,
        id: f.advisory.id,
        source: new Models.Vulnerability.Source({ name: f.advisory.id.startsWith('GHSA-') ? 'GitHub Advisory Database' : 'OSV', url: f.advisory.url }),
        description: f.advisory.summary,
        recommendation: f.remediation.text,
        cwes: new Types.CweRepository(f.cwe.map((c) => Number(c.replace('CWE-', ''))).filter((n) => Number.isInteger(n))),
      });
      vuln.ratings.add(
        new Models.Vulnerability.Rating({
          severity: RATING[f.severity],
          ...(f.advisory.cvss ? { method: f.advisory.cvss.startsWith('CVSS:3.1') ? Enums.Vulnerability.RatingMethod.CVSSv31 : Enums.Vulnerability.RatingMethod.CVSSv3, vector: f.advisory.cvss } : {}),
        }),
      );
      for (const alias of f.advisory.aliases) vuln.references.add(new Models.Vulnerability.Reference(alias, new Models.Vulnerability.Source({ name: alias.split('-')[0] })));
      vulnerabilities.set(f.advisory.id, vuln);
      bom.vulnerabilities.add(vuln);
    }
    if (ref && ![...vuln.affects].some((a) => a.ref === ref)) vuln.affects.add(new Models.Vulnerability.Affect(ref));
  }

  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));
  return `${serializer.serialize(bom, { sortLists: true, space: 2 })}\n`;
}

/** One component per purl, remembering every lockfile it was found in. */
function dedupe(components: Component[]): (Component & { manifests: string[] })[] {
  const out = new Map<string, Component & { manifests: string[] }>();
  for (const c of components) {
    const seen = out.get(c.purl);
    if (seen) {
      if (!seen.manifests.includes(c.manifest)) seen.manifests.push(c.manifest);
      seen.direct = seen.direct || c.direct;
      seen.dev = seen.dev && c.dev;
    } else {
      out.set(c.purl, { ...c, manifests: [c.manifest] });
    }
  }
  return [...out.values()];
}
