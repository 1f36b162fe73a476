import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../../../src/core/severity.js';
import { CONCERNS, type InvestigationResult } from '../../../src/investigate/model.js';
import { renderJson } from '../../../src/investigate/report/json.js';
import { leakedKeyResult } from './fixture.js';
import { investigationSchema, investigationSchemaErrors } from './schema.js';

type Json = Record<string, unknown>;
const defs = investigationSchema.$defs as Record<string, Json>;

describe('schema/investigation.schema.json', () => {
  it('accepts the leaked-key fixture as rendered by renderJson', () => {
    expect(investigationSchemaErrors(JSON.parse(renderJson(leakedKeyResult())))).toEqual([]);
  });

  it('accepts an investigation with an empty timeline and no optional parts', () => {
    const r = leakedKeyResult();
    const empty: InvestigationResult = {
      ...r,
      criticalFindings: [],
      detections: [],
      otherDetections: [],
      timeline: [],
      affectedResources: [],
      indicators: { ips: [], userAgents: [], accessKeyIds: [], accounts: [] },
      containment: [],
      limitingFactors: [],
      warnings: [],
      stats: { eventsRead: 0, eventsStored: 0, duplicates: 0, malformed: 0, inScope: 0, durationMs: 3 },
    };
    delete empty.cost;
    expect(investigationSchemaErrors(JSON.parse(renderJson(empty)))).toEqual([]);
  });

  it('keeps its enums in step with the code (severities, concerns)', () => {
    expect((defs.severity as { enum: string[] }).enum).toEqual([...SEVERITIES]);
    const caseProps = ((investigationSchema.properties as Json).case as Json).properties as Json;
    expect((caseProps.concern as { enum: string[] }).enum).toEqual([...CONCERNS]);
  });

  it('lists top-level properties in the order renderJson writes them', () => {
    const written = Object.keys(JSON.parse(renderJson(leakedKeyResult())) as Json);
    const declared = Object.keys(investigationSchema.properties as Json);
    expect(written).toEqual(declared);
  });

  const broken: [string, (r: Json & InvestigationResult) => void, string][] = [
    ['an unknown severity', (r) => void ((r.detections[0] as unknown as Json).severity = 'urgent'), '/detections/0/severity'],
    ['a technique that is not an ATT&CK id', (r) => void (r.detections[0]!.technique = 'T98'), '/detections/0/technique'],
    ['a tactic id that is not an ATT&CK id', (r) => void (r.detections[1]!.tacticId = 'Persistence'), '/detections/1/tacticId'],
    ['a detection without events', (r) => void (r.detections[2]!.eventIds = []), '/detections/2/eventIds'],
    ['a missing timeline', (r) => void delete (r as Partial<InvestigationResult>).timeline, "must have required property 'timeline'"],
    ['a timeline time that is not a date-time', (r) => void (r.timeline[3]!.time = 'yesterday'), '/timeline/3/time'],
    ['an access key id in lower case', (r) => void (r.timeline[0]!.accessKeyId = 'akia-not-a-key'), '/timeline/0/accessKeyId'],
    ['an unknown concern', (r) => void ((r.case as unknown as Json).concern = 'ransomware'), '/case/concern'],
    ['an account id of 11 digits', (r) => void (r.indicators.accounts[0]!.value = '77778888999'), '/indicators/accounts/0/value'],
    ['an indicator address that is not an IP', (r) => void (r.indicators.ips[0]!.value = 'evil.example'), '/indicators/ips/0/value'],
    ['an unknown change kind', (r) => void ((r.affectedResources[0] as unknown as Json).change = 'pwned'), '/affectedResources/0/change'],
    ['a containment step 0', (r) => void (r.containment[0]!.step = 0), '/containment/0/step'],
    ['a negative count', (r) => void (r.stats.malformed = -1), '/stats/malformed'],
    ['an unknown property', (r) => void ((r.timeline[0] as unknown as Json).severity = 'high'), 'must NOT have additional properties'],
    ['a currency that is not ISO 4217', (r) => void (r.cost!.currency = 'dollars'), '/cost/currency'],
  ];
  for (const [what, breakIt, expected] of broken) {
    it(`rejects ${what}`, () => {
      const r = leakedKeyResult() as Json & InvestigationResult;
      breakIt(r);
      const errors = investigationSchemaErrors(r);
      expect(errors.some((e) => e.includes(expected))).toBe(true);
    });
  }
});
