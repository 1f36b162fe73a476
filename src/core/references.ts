/**
 * CWE names and OWASP Top 10 (2021) categories used by Guardian's rules.
 * Sources: MITRE CWE List v4.14 (names), OWASP Top 10:2021 mapping pages (CWE → category).
 */
export const CWE_NAMES: Readonly<Record<string, string>> = {
  'CWE-20': 'Improper Input Validation',
  'CWE-22': "Improper Limitation of a Pathname to a Restricted Directory ('Path Traversal')",
  'CWE-78': "Improper Neutralization of Special Elements used in an OS Command ('OS Command Injection')",
  'CWE-79': "Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')",
  'CWE-89': "Improper Neutralization of Special Elements used in an SQL Command ('SQL Injection')",
  'CWE-94': "Improper Control of Generation of Code ('Code Injection')",
  'CWE-95': "Improper Neutralization of Directives in Dynamically Evaluated Code ('Eval Injection')",
  'CWE-200': 'Exposure of Sensitive Information to an Unauthorized Actor',
  'CWE-215': 'Insertion of Sensitive Information Into Debugging Code',
  'CWE-250': 'Execution with Unnecessary Privileges',
  'CWE-269': 'Improper Privilege Management',
  'CWE-284': 'Improper Access Control',
  'CWE-285': 'Improper Authorization',
  'CWE-295': 'Improper Certificate Validation',
  'CWE-306': 'Missing Authentication for Critical Function',
  'CWE-307': 'Improper Restriction of Excessive Authentication Attempts',
  'CWE-308': 'Use of Single-factor Authentication',
  'CWE-311': 'Missing Encryption of Sensitive Data',
  'CWE-312': 'Cleartext Storage of Sensitive Information',
  'CWE-319': 'Cleartext Transmission of Sensitive Information',
  'CWE-321': 'Use of Hard-coded Cryptographic Key',
  'CWE-324': 'Use of a Key Past its Expiration Date',
  'CWE-326': 'Inadequate Encryption Strength',
  'CWE-327': 'Use of a Broken or Risky Cryptographic Algorithm',
  'CWE-328': 'Use of Weak Hash',
  'CWE-330': 'Use of Insufficiently Random Values',
  'CWE-338': 'Use of Cryptographically Weak Pseudo-Random Number Generator (PRNG)',
  'CWE-345': 'Insufficient Verification of Data Authenticity',
  'CWE-347': 'Improper Verification of Cryptographic Signature',
  'CWE-353': 'Missing Support for Integrity Check',
  'CWE-441': "Unintended Proxy or Intermediary ('Confused Deputy')",
  'CWE-470': "Use of Externally-Controlled Input to Select Classes or Code ('Unsafe Reflection')",
  'CWE-489': 'Active Debug Code',
  'CWE-502': 'Deserialization of Untrusted Data',
  'CWE-521': 'Weak Password Requirements',
  'CWE-526': 'Cleartext Storage of Sensitive Information in an Environment Variable',
  'CWE-601': "URL Redirection to Untrusted Site ('Open Redirect')",
  'CWE-611': 'Improper Restriction of XML External Entity Reference',
  'CWE-613': 'Insufficient Session Expiration',
  'CWE-625': 'Permissive Regular Expression',
  'CWE-653': 'Improper Isolation or Compartmentalization',
  'CWE-668': 'Exposure of Resource to Wrong Sphere',
  'CWE-693': 'Protection Mechanism Failure',
  'CWE-732': 'Incorrect Permission Assignment for Critical Resource',
  'CWE-776': "Improper Restriction of Recursive Entity References in DTDs ('XML Entity Expansion')",
  'CWE-778': 'Insufficient Logging',
  'CWE-779': 'Logging of Excessive Data',
  'CWE-798': 'Use of Hard-coded Credentials',
  'CWE-829': 'Inclusion of Functionality from Untrusted Control Sphere',
  'CWE-862': 'Missing Authorization',
  'CWE-863': 'Incorrect Authorization',
  'CWE-916': 'Use of Password Hash With Insufficient Computational Effort',
  'CWE-918': 'Server-Side Request Forgery (SSRF)',
  'CWE-943': 'Improper Neutralization of Special Elements in Data Query Logic',
  'CWE-1104': 'Use of Unmaintained Third Party Components',
  'CWE-1188': 'Initialization of a Resource with an Insecure Default',
  'CWE-1336': 'Improper Neutralization of Special Elements Used in a Template Engine',
  'CWE-1395': 'Dependency on Vulnerable Third-Party Component',
};

const OWASP_2021: Readonly<Record<string, string>> = {
  'A01:2021-Broken Access Control': 'CWE-22 CWE-200 CWE-284 CWE-285 CWE-441 CWE-601 CWE-668 CWE-732 CWE-862 CWE-863',
  'A02:2021-Cryptographic Failures': 'CWE-319 CWE-321 CWE-324 CWE-326 CWE-327 CWE-328 CWE-330 CWE-338 CWE-916',
  'A04:2021-Insecure Design': 'CWE-269 CWE-311 CWE-312 CWE-653',
  'A03:2021-Injection': 'CWE-20 CWE-78 CWE-79 CWE-89 CWE-94 CWE-95 CWE-470 CWE-943 CWE-1336',
  'A05:2021-Security Misconfiguration': 'CWE-215 CWE-489 CWE-526 CWE-611 CWE-776',
  'A06:2021-Vulnerable and Outdated Components': 'CWE-1104 CWE-1395',
  'A07:2021-Identification and Authentication Failures': 'CWE-295 CWE-306 CWE-307 CWE-308 CWE-521 CWE-613 CWE-798',
  'A08:2021-Software and Data Integrity Failures': 'CWE-345 CWE-353 CWE-502 CWE-829',
  'A09:2021-Security Logging and Monitoring Failures': 'CWE-778 CWE-779',
  'A10:2021-Server-Side Request Forgery': 'CWE-918',
};

const CWE_TO_OWASP = new Map<string, string[]>();
for (const [category, cwes] of Object.entries(OWASP_2021)) {
  for (const cwe of cwes.split(' ')) CWE_TO_OWASP.set(cwe, [...(CWE_TO_OWASP.get(cwe) ?? []), category]);
}

/** OWASP Top 10:2021 categories for a list of CWE ids (deduplicated, catalog order). */
export function owaspForCwes(cwes: readonly string[]): string[] {
  const out = new Set<string>();
  for (const cwe of cwes) for (const c of CWE_TO_OWASP.get(cwe) ?? []) out.add(c);
  return [...out];
}

/** `https://cwe.mitre.org/data/definitions/<n>.html` for `CWE-<n>`. */
export function cweUrl(cwe: string): string {
  return `https://cwe.mitre.org/data/definitions/${cwe.replace(/^CWE-/, '')}.html`;
}
