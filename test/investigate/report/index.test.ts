import { describe, expect, it } from 'vitest';
import { INVESTIGATION_FORMATS, defaultFileName, isInvestigationFormat, renderInvestigation } from '../../../src/investigate/report/index.js';
import { leakedKeyResult } from './fixture.js';

describe('investigation report formats', () => {
  it('names the four formats and their default files', () => {
    expect(INVESTIGATION_FORMATS).toEqual(['terminal', 'md', 'html', 'json']);
    expect(INVESTIGATION_FORMATS.map(defaultFileName)).toEqual(['investigation.txt', 'investigation.md', 'investigation.html', 'investigation.json']);
    expect(isInvestigationFormat('html')).toBe(true);
    expect(isInvestigationFormat('sarif')).toBe(false);
  });

  it('renders each format from the same result', () => {
    const r = leakedKeyResult();
    expect(renderInvestigation(r, 'json')).toMatch(/^\{\n {2}"tool"/);
    expect(renderInvestigation(r, 'md')).toMatch(/^# Investigation: Leaked access key of svc-reporting/);
    expect(renderInvestigation(r, 'html')).toMatch(/^<!doctype html>/);
    expect(renderInvestigation(r, 'terminal')).toMatch(/^Investigation c-20240604-svc-reporting/);
    expect(renderInvestigation(r, 'terminal')).not.toContain('\u001b');
    expect(renderInvestigation(r, 'terminal', { color: true, width: 120 })).toContain('\u001b[');
  });

  it('gives byte-identical output for the same result', () => {
    for (const format of INVESTIGATION_FORMATS) expect(renderInvestigation(leakedKeyResult(), format)).toBe(renderInvestigation(leakedKeyResult(), format));
  });
});
