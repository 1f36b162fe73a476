import { describe, expect, it } from 'vitest';
import { escapeLabel, toMermaid } from '../../src/architecture/mermaid.js';
import type { Architecture, Element } from '../../src/architecture/model.js';
import { smallModel } from './fixtures/small-model.js';

const EXPECTED = `flowchart LR
  subgraph b_boundary_aws_account["AWS account"]
    n_data_store_dynamodb_orders_table[("Orders table")]
    subgraph b_boundary_vpc_main["Main VPC"]
      n_process_lambda_orders_api(["Orders API"])
    end
  end
  subgraph b_boundary_internet["Internet"]
    n_external_entity_user_customer["Customer"]
  end
  n_external_entity_user_customer -->|"POST /orders · none"| n_process_lambda_orders_api
  n_process_lambda_orders_api -->|"PutItem · iam"| n_data_store_dynamodb_orders_table
`;

const reversed = (m: Architecture): Architecture => ({
  elements: [...m.elements].reverse(),
  flows: [...m.flows].reverse(),
  boundaries: [...m.boundaries].reverse(),
  assumptions: m.assumptions,
});

describe('toMermaid', () => {
  it('draws boundaries as nested subgraphs, kinds as shapes and flows as labelled edges', () => {
    expect(toMermaid(smallModel())).toBe(EXPECTED);
  });

  it('is stable: the same model in any array order gives the same text', () => {
    expect(toMermaid(reversed(smallModel()))).toBe(EXPECTED);
    expect(toMermaid(smallModel())).toBe(toMermaid(smallModel()));
  });

  it('escapes hostile names so that they stay inside their label', () => {
    const model = smallModel();
    const hostile = 'Evil"] --> X[click X "javascript:alert(1)"]|<img src=x onerror=alert(1)>;#\n%% end';
    model.elements[1]!.name = hostile;
    model.flows[0]!.label = 'GET /a|b" --> c';
    const text = toMermaid(model);
    const nodeLine = text.split('\n').find((l) => l.startsWith('    n_external_entity_user_customer'))!;
    // One quoted label, nothing after it but the closing bracket.
    expect(nodeLine).toMatch(/^ {4}n_external_entity_user_customer\["(?:[^"[\]()|<>;#%\n]|#\d+;)*"\]$/);
    expect(nodeLine).toBe(
      '    n_external_entity_user_customer["Evil#34;#93; --#62; X#91;click X #34;javascript:alert#40;1#41;#34;#93;#124;#60;img src=x onerror=alert#40;1#41;#62;#59;#35; #37;#37; end"]',
    );
    expect(text).toContain('n_external_entity_user_customer -->|"GET /a#124;b#34; --#62; c · none"| n_process_lambda_orders_api');
    expect(text.split('\n')).toHaveLength(EXPECTED.split('\n').length);
  });

  it('escapes every special character as an entity code', () => {
    expect(escapeLabel('a"b#c&d<e>f[g]h{i}j(k)l|m;n`o\\p%q')).toBe('a#34;b#35;c#38;d#60;e#62;f#91;g#93;h#123;i#125;j#40;k#41;l#124;m#59;n#96;o#92;p#37;q');
    expect(escapeLabel('  two\n lines\t ')).toBe('two lines');
  });

  it('gives distinct ids to ids that sanitise alike, and never uses a name as an id', () => {
    const element = (id: string, name: string): Element => ({ id, kind: 'process', type: 'lambda', name, attributes: {}, origin: 'inferred', evidence: [] });
    const text = toMermaid({ elements: [element('p:a-b', 'end'), element('p:a_b', 'subgraph')], flows: [], boundaries: [], assumptions: [] });
    expect(text).toBe('flowchart LR\n  n_p_a_b(["end"])\n  n_p_a_b_2(["subgraph"])\n');
  });

  it('draws flows whose endpoints no element defines, and survives boundary cycles and unknown parents', () => {
    const model: Architecture = {
      elements: [],
      flows: [{ id: 'flow:x', from: 'process:lambda:ghost', to: 'data-store:s3:gone', label: '', origin: 'inferred', evidence: [] }],
      boundaries: [
        { id: 'boundary:a', kind: 'service', name: 'A', parent: 'boundary:b' },
        { id: 'boundary:b', kind: 'service', name: 'B', parent: 'boundary:a' },
        { id: 'boundary:c', kind: 'service', name: 'C', parent: 'boundary:missing' },
      ],
      assumptions: [],
    };
    expect(toMermaid(model)).toBe(
      [
        'flowchart LR',
        '  subgraph b_boundary_a["A"]',
        '  end',
        '  subgraph b_boundary_b["B"]',
        '  end',
        '  subgraph b_boundary_c["C"]',
        '  end',
        '  n_data_store_s3_gone["data-store:s3:gone"]',
        '  n_process_lambda_ghost["process:lambda:ghost"]',
        '  n_process_lambda_ghost --> n_data_store_s3_gone',
        '',
      ].join('\n'),
    );
  });
});
