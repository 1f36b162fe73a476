import { CICD_RISKS } from '../cicd-sec.js';
import type { PipelineRule } from '../codebuild/rule.js';

/**
 * Buildspec rule catalog. Source: CodeBuild user guide, "Build specification reference
 * for CodeBuild" (`env/variables`, `env/parameter-store`, `env/secrets-manager`,
 * `env/exported-variables`).
 */

const BUILDSPEC_REF = 'https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html';

export const BUILDSPEC_PLAINTEXT_SECRET: PipelineRule = {
  id: 'pipeline.buildspec.plaintext-secret',
  title: 'Secret in buildspec env.variables',
  severity: 'high',
  cwe: ['CWE-798', 'CWE-312'],
  cicd: CICD_RISKS.credentialHygiene,
  rationale:
    '`env.variables` are plain text: the value is committed with the buildspec, kept in the repository history, readable by everyone who can read the code (and on a public repository, by everyone), and shown in build details.',
  remediation:
    'Rotate the credential, store it in SSM Parameter Store (SecureString) or Secrets Manager, and load it through `env.parameter-store` or `env.secrets-manager`, which resolve the value at build time.',
  example: `version: 0.2
env:
  parameter-store:
    NPM_TOKEN: /ci/npm-token                  # SecureString parameter name
  secrets-manager:
    DB_PASSWORD: prod/app/db:password         # secret-id:json-key`,
  precision: 'high',
  references: [`${BUILDSPEC_REF}#build-spec.env.variables`, `${BUILDSPEC_REF}#build-spec.env.secrets-manager`],
};

export const BUILDSPEC_EXPORTED_SECRET: PipelineRule = {
  id: 'pipeline.buildspec.exported-secret',
  title: 'Buildspec exports a secret variable',
  severity: 'medium',
  cwe: ['CWE-200'],
  cicd: CICD_RISKS.credentialHygiene,
  rationale:
    '`env.exported-variables` copies the variables\' final values into the build\'s output, where CodePipeline shows them in its console and passes them to later actions as plain text. Exporting a secret (one loaded from Parameter Store or Secrets Manager, or named like one) undoes keeping it in a secret store.',
  remediation: 'Export only non-sensitive values (versions, image tags, artifact names). Let each stage that needs the secret load it from Parameter Store or Secrets Manager itself.',
  example: `version: 0.2
env:
  secrets-manager:
    DB_PASSWORD: prod/app/db:password
  exported-variables:
    - IMAGE_TAG                               # not DB_PASSWORD`,
  precision: 'medium',
  references: [`${BUILDSPEC_REF}#build-spec.env.exported-variables`, 'https://docs.aws.amazon.com/codepipeline/latest/userguide/reference-variables.html'],
};

/** Every buildspec rule, in report order. */
export const BUILDSPEC_RULES: readonly PipelineRule[] = [BUILDSPEC_PLAINTEXT_SECRET, BUILDSPEC_EXPORTED_SECRET];
