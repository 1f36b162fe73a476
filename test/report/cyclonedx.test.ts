import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { describe, expect, it } from 'vitest';
import { toCycloneDx } from '../../src/report/cyclonedx.js';
import { sampleResult } from './sample.js';

describe('CycloneDX SBOM', () => {
  const text = toCycloneDx(sampleResult());
  const bom = JSON.parse(text);

  it('validates against the CycloneDX 1.6 JSON schema', async () => {
    const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);
    expect(await validator.validate(text)).toBeNull();
    expect(bom.specVersion).toBe('1.6');
  });

  it('lists every package with its purl, scope and lockfile', () => {
    expect(bom.components.map((c: { purl: string }) => c.purl)).toEqual(['pkg:npm/%40babel/core@7.24.0', 'pkg:pypi/flask@0.12.2', 'pkg:pypi/jinja2@2.10']);
    const babel = bom.components.find((c: { name: string }) => c.name === '@babel/core');
    expect(babel.scope).toBe('optional');
    expect(babel.licenses).toEqual([{ license: { name: 'MIT' } }]);
    expect(babel.properties).toContainEqual({ name: 'guardian:manifest', value: 'web/package-lock.json' });
    expect(bom.metadata.component.name).toBe('fry factory');
  });

  it('records the dependency graph and the vulnerabilities with what they affect', () => {
    const flask = bom.dependencies.find((d: { ref: string }) => d.ref === 'pkg:pypi/flask@0.12.2');
    expect(flask.dependsOn).toEqual(['pkg:pypi/jinja2@2.10']);
    const root = bom.dependencies.find((d: { ref: string }) => d.ref === 'project');
    expect(root.dependsOn).toEqual(['pkg:npm/%40babel/core@7.24.0', 'pkg:pypi/flask@0.12.2']);
    expect(bom.vulnerabilities).toHaveLength(1);
    const vuln = bom.vulnerabilities[0];
    expect(vuln.id).toBe('PYSEC-2018-66');
    expect(vuln.affects).toEqual([{ ref: 'pkg:pypi/flask@0.12.2' }]);
    expect(vuln.ratings).toEqual([{ severity: 'high', method: 'CVSSv31', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H' }]);
    expect(vuln.cwes).toEqual([20]);
    expect(vuln.recommendation).toBe('Upgrade flask to 0.12.3 or later.');
  });
});
