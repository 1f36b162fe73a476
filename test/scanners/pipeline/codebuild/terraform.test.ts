import { describe, expect, it } from 'vitest';
import { loadIac } from '../../../../src/scanners/iac/load.js';
import { analyzeCodeBuildProjects } from '../../../../src/scanners/pipeline/codebuild/analyze.js';

/** A Terraform CodeBuild project building pull requests, with `extra` inside its webhook. */
const project = (extra: string) => `
resource "aws_codebuild_project" "prs" {
  name         = "sdk-pull-requests"
  service_role = "arn:aws:iam::123456789012:role/codebuild-prs"
  source {
    type     = "GITHUB"
    location = "https://github.com/example-org/sdk.git"
  }
  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "aws/codebuild/standard:7.0"
    type         = "LINUX_CONTAINER"
  }
  artifacts {
    type = "NO_ARTIFACTS"
  }
}

resource "aws_codebuild_webhook" "prs" {
  project_name = aws_codebuild_project.prs.name
  build_type   = "BUILD"
  filter_group {
    filter {
      type    = "EVENT"
      pattern = "PULL_REQUEST_CREATED, PULL_REQUEST_UPDATED"
    }
  }
${extra}
}
`;

async function findings(text: string) {
  const { graph, warnings } = await loadIac([{ path: 'ci/codebuild.tf', text }]);
  expect(warnings).toEqual([]);
  return analyzeCodeBuildProjects(graph.resources).findings.map((f) => [f.ruleId, f.location.startLine]);
}

describe('CodeBuild projects declared in Terraform', () => {
  it('reports pull-request builds anyone can start, at the EVENT filter', async () => {
    expect(await findings(project(''))).toEqual([['pipeline.codebuild.untrusted-pull-request-builds', 25]]);
  });

  it('accepts pull-request builds that need a maintainer comment (pull_request_build_policy)', async () => {
    const policy = '  pull_request_build_policy {\n    requires_comment_approval = "ALL_PULL_REQUESTS"\n    approver_roles            = ["GITHUB_MAINTAIN", "GITHUB_ADMIN"]\n  }';
    expect(await findings(project(policy))).toEqual([]);
  });
});
