import { describe, expect, it } from 'vitest';
import { ATTACKER_CONTROLLED_CONTEXTS } from '../../../../src/scanners/pipeline/github-actions/contexts.js';
import {
  contextReferences,
  exposedContext,
  findExpressions,
  pathMatches,
  secretNames,
} from '../../../../src/scanners/pipeline/github-actions/expressions.js';

describe('findExpressions', () => {
  it('finds every ${{ }} with its file offset, also across lines', () => {
    const raw = 'echo "${{ a.b }}" ${{b}}\n${{\n  github.head_ref\n}}';
    const found = findExpressions({ value: raw, raw, offset: 100 });
    expect(found).toEqual([
      { body: 'a.b', offset: 106 },
      { body: 'b', offset: 118 },
      { body: 'github.head_ref', offset: 125 },
    ]);
  });

  it('finds nothing in plain text', () => {
    expect(findExpressions({ value: 'echo $HOME ${x}', raw: 'echo $HOME ${x}', offset: 0 })).toEqual([]);
  });
});

describe('contextReferences', () => {
  it('normalizes index, wildcard and bracket access to dotted lower-case paths', () => {
    expect(contextReferences("github.event.commits[0].message")).toEqual(['github.event.commits.*.message']);
    expect(contextReferences("github['head_ref']")).toEqual(['github.head_ref']);
    expect(contextReferences('GitHub.Event.Issue.Title')).toEqual(['github.event.issue.title']);
    expect(contextReferences("contains(github.event.pull_request.labels.*.name, 'ok')")).toEqual(['github.event.pull_request.labels.*.name']);
  });

  it('ignores context names inside string literals and property names of other objects', () => {
    expect(contextReferences("format('{0} github.head_ref', steps.x.outputs.y)")).toEqual(['steps.x.outputs.y']);
    expect(contextReferences("fromJSON(x).github.head_ref")).toEqual([]);
  });
});

describe('exposedContext', () => {
  it('reports attacker-controlled fields, and whole objects only inside toJSON', () => {
    expect(exposedContext('github.event.issue.title', ATTACKER_CONTROLLED_CONTEXTS)?.pattern).toBe('github.event.issue.title');
    expect(exposedContext('github.event.pages[1].page_name', ATTACKER_CONTROLLED_CONTEXTS)?.pattern).toBe('github.event.pages.*.page_name');
    expect(exposedContext('toJSON(github.event)', ATTACKER_CONTROLLED_CONTEXTS)?.reference).toBe('github.event');
    expect(exposedContext('github.event.issue', ATTACKER_CONTROLLED_CONTEXTS)).toBeUndefined();
    expect(exposedContext('github.event.issue.number', ATTACKER_CONTROLLED_CONTEXTS)).toBeUndefined();
    expect(exposedContext('github.event.inputs.name', ATTACKER_CONTROLLED_CONTEXTS)).toBeUndefined();
    expect(exposedContext('toJSON(github.event.pull_request.labels)', ATTACKER_CONTROLLED_CONTEXTS)).toBeUndefined();
  });

  it('matches path segments exactly, with * for one segment', () => {
    expect(pathMatches('github.event.commits.*.message', 'github.event.commits.*.message')).toBe(true);
    expect(pathMatches('github.event.issue.title_x', 'github.event.issue.title')).toBe(false);
    expect(pathMatches('github.event.issue', 'github.event.issue.title')).toBe(false);
  });
});

describe('secretNames', () => {
  it('reads dotted and bracketed secret references', () => {
    expect(secretNames("secrets.NPM_TOKEN || secrets['OTHER-KEY']")).toEqual(['NPM_TOKEN', 'OTHER-KEY']);
    expect(secretNames('github.token')).toEqual([]);
    expect(secretNames('inputs.secrets.x')).toEqual([]);
  });
});
