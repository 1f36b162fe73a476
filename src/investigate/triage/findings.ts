/**
 * GuardDuty and Security Hub findings, read into one shape for triage.
 *
 * - GuardDuty: `aws guardduty get-findings` output (`{"Findings": [...]}`), fields as in
 *   https://docs.aws.amazon.com/guardduty/latest/APIReference/API_Finding.html
 *   (severity 1.0–8.9+: low < 4, medium < 7, high < 9, critical ≥ 9).
 * - Security Hub: `aws securityhub get-findings` output, the AWS Security Finding Format
 *   (ASFF, https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-findings-format.html),
 *   including GuardDuty findings forwarded to Security Hub.
 *
 * A finding without an id, type or title is reported as a problem naming its file and
 * position, and the rest are read.
 */
import { readFile } from 'node:fs/promises';
import type { Severity } from '../../core/severity.js';

/** One finding, normalised. */
export interface SecurityFinding {
  id: string;
  source: 'guardduty' | 'securityhub';
  /** GuardDuty type (`UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS`) or the ASFF `Types[0]`. */
  type: string;
  title: string;
  severity: Severity;
  createdAt?: string;
  account?: string;
  region?: string;
  accessKeyId?: string;
  /** User or role name, or ARN. */
  principal?: string;
  /** Remote addresses the finding names. */
  ips: string[];
  /** API called, when the finding is about one. */
  api?: string;
  instanceId?: string;
  /** The file it came from. */
  file: string;
}

/** A finding that could not be read. */
export interface FindingProblem {
  path: string;
  index?: number;
  reason: string;
}

type Raw = Record<string, unknown>;
const obj = (v: unknown): Raw => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** GuardDuty's numeric severity as a level (https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings-severity.html). */
export function guardDutySeverity(score: number): Severity {
  return score >= 9 ? 'critical' : score >= 7 ? 'high' : score >= 4 ? 'medium' : score > 0 ? 'low' : 'info';
}

const ASFF_LABEL: Record<string, Severity> = { CRITICAL: 'critical', HIGH: 'high', MEDIUM: 'medium', LOW: 'low', INFORMATIONAL: 'info' };

function fromGuardDuty(f: Raw, file: string): SecurityFinding | string {
  const id = str(f.Id);
  const type = str(f.Type);
  const title = str(f.Title);
  if (!id || !type || !title) return 'GuardDuty finding without Id, Type or Title';
  const resource = obj(f.Resource);
  const key = obj(resource.AccessKeyDetails);
  const action = obj(obj(f.Service).Action);
  const call = obj(action.AwsApiCallAction);
  const ips = [str(obj(call.RemoteIpDetails).IpAddressV4), str(obj(obj(action.NetworkConnectionAction).RemoteIpDetails).IpAddressV4)].filter((x): x is string => !!x);
  return {
    id,
    source: 'guardduty',
    type,
    title,
    severity: guardDutySeverity(typeof f.Severity === 'number' ? f.Severity : 0),
    createdAt: str(f.CreatedAt),
    account: str(f.AccountId),
    region: str(f.Region),
    accessKeyId: str(key.AccessKeyId),
    principal: str(key.UserName),
    ips,
    api: str(call.Api),
    instanceId: str(obj(resource.InstanceDetails).InstanceId),
    file,
  };
}

function fromAsff(f: Raw, file: string): SecurityFinding | string {
  const id = str(f.Id);
  const types = Array.isArray(f.Types) ? f.Types.filter((t): t is string => typeof t === 'string') : [];
  const title = str(f.Title);
  if (!id || !types.length || !title) return 'ASFF finding without Id, Types or Title';
  const fields = obj(f.ProductFields);
  const resources = Array.isArray(f.Resources) ? f.Resources.map(obj) : [];
  const keyResource = resources.find((r) => r.Type === 'AwsIamAccessKey');
  const details = obj(obj(keyResource?.Details).AwsIamAccessKey);
  const ips = [str(obj(f.Network).SourceIpV4), str(fields['aws/guardduty/service/action/awsApiCallAction/remoteIpDetails/ipAddressV4'])].filter((x): x is string => !!x);
  const userResource = resources.find((r) => r.Type === 'AwsIamUser' || r.Type === 'AwsIamRole');
  return {
    id,
    source: 'securityhub',
    type: types[0]!,
    title,
    severity: ASFF_LABEL[str(obj(f.Severity).Label) ?? ''] ?? 'info',
    createdAt: str(f.CreatedAt),
    account: str(f.AwsAccountId),
    region: str(f.Region),
    accessKeyId: str(keyResource?.Id)?.replace(/^AWS::IAM::AccessKey:/, ''),
    principal: str(details.PrincipalName) ?? str(userResource?.Id),
    ips: [...new Set(ips)],
    api: str(fields['aws/guardduty/service/action/awsApiCallAction/api']),
    instanceId: str(resources.find((r) => r.Type === 'AwsEc2Instance')?.Id)?.split('/').at(-1),
    file,
  };
}

/**
 * The findings of one parsed file: `{"Findings": [...]}` (`aws guardduty get-findings`,
 * `aws securityhub get-findings`) or a bare array. `path` names the file in problems.
 */
export function findingsOf(parsed: unknown, path: string): { findings: SecurityFinding[]; problems: FindingProblem[] } {
  const findings: SecurityFinding[] = [];
  const problems: FindingProblem[] = [];
  const list = Array.isArray(parsed) ? parsed : obj(parsed).Findings;
  if (!Array.isArray(list)) {
    problems.push({ path, reason: 'no Findings array (expected the output of aws guardduty get-findings or aws securityhub get-findings)' });
    return { findings, problems };
  }
  list.forEach((item, index) => {
    const f = obj(item);
    const read = 'SchemaVersion' in f && 'ProductArn' in f ? fromAsff(f, path) : 'Service' in f || 'Type' in f ? fromGuardDuty(f, path) : 'SchemaVersion' in f ? fromAsff(f, path) : 'not a GuardDuty or ASFF finding';
    if (typeof read === 'string') problems.push({ path, index, reason: read });
    else findings.push(read);
  });
  return { findings, problems };
}

/** Read findings from `aws guardduty get-findings` / `aws securityhub get-findings` files (or a bare array). Never throws. */
export async function readFindings(paths: string[]): Promise<{ findings: SecurityFinding[]; problems: FindingProblem[] }> {
  const findings: SecurityFinding[] = [];
  const problems: FindingProblem[] = [];
  for (const path of paths) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
      problems.push({ path, reason: `cannot read as JSON: ${(error as Error).message}` });
      continue;
    }
    const read = findingsOf(parsed, path);
    findings.push(...read.findings);
    problems.push(...read.problems);
  }
  return { findings, problems };
}
