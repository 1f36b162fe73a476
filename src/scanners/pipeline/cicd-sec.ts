/**
 * OWASP Top 10 CI/CD Security Risks (2022), the risks Guardian's pipeline rules cite.
 * Source: https://owasp.org/www-project-top-10-ci-cd-security-risks/
 */
export interface CicdRisk {
  /** `CICD-SEC-<n>`. */
  id: string;
  name: string;
  url: string;
}

const BASE = 'https://owasp.org/www-project-top-10-ci-cd-security-risks/';

export const CICD_RISKS = {
  flowControl: { id: 'CICD-SEC-1', name: 'Insufficient Flow Control Mechanisms', url: `${BASE}CICD-SEC-01-Insufficient-Flow-Control-Mechanisms` },
  identity: { id: 'CICD-SEC-2', name: 'Inadequate Identity and Access Management', url: `${BASE}CICD-SEC-02-Inadequate-Identity-And-Access-Management` },
  dependencyChain: { id: 'CICD-SEC-3', name: 'Dependency Chain Abuse', url: `${BASE}CICD-SEC-03-Dependency-Chain-Abuse` },
  poisonedPipeline: { id: 'CICD-SEC-4', name: 'Poisoned Pipeline Execution (PPE)', url: `${BASE}CICD-SEC-04-Poisoned-Pipeline-Execution` },
  pbac: { id: 'CICD-SEC-5', name: 'Insufficient PBAC (Pipeline-Based Access Controls)', url: `${BASE}CICD-SEC-05-Insufficient-PBAC` },
  credentialHygiene: { id: 'CICD-SEC-6', name: 'Insufficient Credential Hygiene', url: `${BASE}CICD-SEC-06-Insufficient-Credential-Hygiene` },
  systemConfiguration: { id: 'CICD-SEC-7', name: 'Insecure System Configuration', url: `${BASE}CICD-SEC-07-Insecure-System-Configuration` },
} as const satisfies Record<string, CicdRisk>;
