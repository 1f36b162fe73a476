/**
 * CVSS v3.0/v3.1 base score from a vector string, per the FIRST CVSS v3.1
 * specification §7.1 (base metric equations) and Appendix A (Roundup).
 * Returns undefined for vectors that are not v3 or lack a base metric.
 */
export function cvss3BaseScore(vector: string): number | undefined {
  const match = /^CVSS:3\.[01]\/(.*)$/.exec(vector.trim());
  if (!match) return undefined;
  const metrics = new Map(match[1]!.split('/').map((part) => part.split(':') as [string, string]));
  const scopeChanged = metrics.get('S') === 'C';
  const av = { N: 0.85, A: 0.62, L: 0.55, P: 0.2 }[metrics.get('AV') ?? ''];
  const ac = { L: 0.77, H: 0.44 }[metrics.get('AC') ?? ''];
  const pr = (scopeChanged ? { N: 0.85, L: 0.68, H: 0.5 } : { N: 0.85, L: 0.62, H: 0.27 })[metrics.get('PR') ?? ''];
  const ui = { N: 0.85, R: 0.62 }[metrics.get('UI') ?? ''];
  const cia = (key: string) => ({ H: 0.56, L: 0.22, N: 0 })[metrics.get(key) ?? ''];
  const [c, i, a] = [cia('C'), cia('I'), cia('A')];
  if (av === undefined || ac === undefined || pr === undefined || ui === undefined || c === undefined || i === undefined || a === undefined || !metrics.has('S')) {
    return undefined;
  }
  const iss = 1 - (1 - c) * (1 - i) * (1 - a);
  const impact = scopeChanged ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
  if (impact <= 0) return 0;
  const exploitability = 8.22 * av * ac * pr * ui;
  return roundUp(Math.min((scopeChanged ? 1.08 : 1) * (impact + exploitability), 10));
}

/** CVSS v3.1 Appendix A: round up to one decimal, robust to floating-point error. */
function roundUp(value: number): number {
  const scaled = Math.round(value * 100_000);
  return scaled % 10_000 === 0 ? scaled / 100_000 : (Math.floor(scaled / 10_000) + 1) / 10;
}
