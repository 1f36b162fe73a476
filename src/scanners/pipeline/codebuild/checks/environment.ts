import { secretDigest } from '../../../../core/fingerprint.js';
import { Unknown } from '../../../iac/graph.js';
import { maskSecret } from '../../../secrets/mask.js';
import { pipelineFinding } from '../rule.js';
import { PLAINTEXT_SECRET_VARIABLE, PRIVILEGED_UNTRUSTED_BUILDS } from '../rules.js';
import { judgeVariable } from '../secret-variables.js';
import { type AnalyzedProject, type CheckContext, describeProject, known } from './context.js';

/** Privileged mode on a project whose pull-request builds anyone (or a leaky allow-list) can start. */
export function checkPrivilegedMode({ project, exposure }: AnalyzedProject, ctx: CheckContext): void {
  const privileged = project.environment.privilegedMode;
  if (privileged.value !== true) return;
  if (exposure.pullRequests !== 'anyone' && exposure.pullRequests !== 'weak-actor-filter') return;
  const who = exposure.pullRequests === 'anyone' ? 'anyone who can open a pull request' : 'users who pass its leaky ACTOR_ACCOUNT_ID filter';
  ctx.findings.push(
    pipelineFinding(PRIVILEGED_UNTRUSTED_BUILDS, {
      path: project.path,
      line: privileged.line,
      message: `${describeProject(project)} runs in PrivilegedMode (root access to the Docker daemon) and builds pull requests from ${who}: their code gets the privileged container.`,
      fingerprintKey: project.id,
    }),
  );
}

/**
 * PLAINTEXT environment variables (the default type) whose value has a credential's
 * shape or whose name says secret. The message shows the value masked (secrets/mask.ts).
 */
export function checkPlaintextVariables({ project }: AnalyzedProject, ctx: CheckContext): void {
  const variables = project.environment.variables;
  if (variables instanceof Unknown) return;
  for (const variable of variables) {
    const name = known(variable.name);
    const value = known(variable.value);
    const type = known(variable.type);
    if (name === undefined || value === undefined || type?.toUpperCase() !== 'PLAINTEXT') continue;
    const verdict = judgeVariable(name, value);
    if (!verdict) continue;
    const what = verdict.reason === 'value' ? `holds ${verdict.label}` : 'is named like a secret and has a literal value';
    ctx.findings.push(
      pipelineFinding(PLAINTEXT_SECRET_VARIABLE, {
        path: project.path,
        line: variable.value.line,
        message: `${describeProject(project)}: environment variable ${name} is PLAINTEXT and ${what} (${maskSecret(verdict.secret, verdict.visible)}); anyone who can view the project reads it. Use Type SECRETS_MANAGER or PARAMETER_STORE.`,
        fingerprintKey: `${project.id}\u0000${name}\u0000${secretDigest(verdict.secret)}`,
      }),
    );
  }
}
