import { describe, expect, it } from 'vitest';
import { componentsMarkdown, componentsTable } from '../../src/architecture/components-table.js';
import { smallModel } from './fixtures/small-model.js';

describe('componentsTable', () => {
  it('lists external entities, processes, then data stores with boundary names, data, source and first evidence', () => {
    expect(componentsTable(smallModel())).toEqual({
      columns: ['Name', 'Kind', 'Type', 'Boundary', 'Data', 'Source', 'Evidence'],
      rows: [
        ['Customer', 'external-entity', 'user', 'Internet', '', 'stated', 'docs/design.md:7'],
        ['Orders API', 'process', 'lambda', 'Main VPC', '', 'inferred', 'template.yaml:12'],
        ['Orders table', 'data-store', 'dynamodb', 'AWS account', 'payment, personal', 'inferred', 'template.yaml:40'],
      ],
    });
  });

  it('shows a boundary id the model does not define, and empty evidence', () => {
    const model = smallModel();
    model.elements[0]!.boundary = 'boundary:vpc:other';
    model.elements[0]!.evidence = [];
    expect(componentsTable(model).rows[2]).toEqual(['Orders table', 'data-store', 'dynamodb', 'boundary:vpc:other', 'payment, personal', 'inferred', '']);
  });
});

describe('componentsMarkdown', () => {
  it('renders a GitHub-flavoured table', () => {
    expect(componentsMarkdown(smallModel())).toBe(
      [
        '| Name | Kind | Type | Boundary | Data | Source | Evidence |',
        '|---|---|---|---|---|---|---|',
        '| Customer | external-entity | user | Internet |  | stated | docs/design.md:7 |',
        '| Orders API | process | lambda | Main VPC |  | inferred | template.yaml:12 |',
        '| Orders table | data-store | dynamodb | AWS account | payment, personal | inferred | template.yaml:40 |',
        '',
      ].join('\n'),
    );
  });

  it('escapes names that would break the table or inject HTML', () => {
    const model = smallModel();
    model.elements[1]!.name = 'a | b\n<script>alert(1)</script> *bold* [x](y)';
    const row = componentsMarkdown(model).split('\n')[2]!;
    expect(row).toBe('| a \\| b &lt;script&gt;alert(1)&lt;/script&gt; \\*bold\\* \\[x\\](y) | external-entity | user | Internet |  | stated | docs/design.md:7 |');
    expect(row.split(/(?<!\\)\|/)).toHaveLength(9);
  });

  it('says so when there are no components', () => {
    expect(componentsMarkdown({ elements: [], flows: [], boundaries: [], assumptions: [] })).toBe('_No components._\n');
  });
});
