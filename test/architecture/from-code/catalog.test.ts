import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CODE_CATALOG, parseCodeCatalog } from '../../../src/architecture/from-code/catalog.js';
import { architectureFromCode } from '../../../src/architecture/from-code/index.js';
import { WarningSink } from '../../../src/core/warnings.js';

const TEXT = readFileSync(new URL('../../../src/architecture/from-code/frameworks.yaml', import.meta.url), 'utf8');

describe('frameworks.yaml', () => {
  it('parses into the catalog the extractor uses', () => {
    expect(CODE_CATALOG.frameworks.map((f) => f.id)).toEqual(['flask', 'fastapi', 'express', 'koa', 'fastify']);
    expect(CODE_CATALOG.awsServices.get('dynamodb')).toMatchObject({ element: 'data-store', type: 'dynamodb', nameKeys: ['TableName'] });
    expect(CODE_CATALOG.secrets.names.test('STRIPE_API_KEY')).toBe(true);
    expect(CODE_CATALOG.secrets.exclude.test('TOKEN_URL')).toBe(true);
  });

  it('rejects a catalog with a bad field, naming it', () => {
    expect(() => parseCodeCatalog(TEXT.replace('language: python', 'language: cobol'))).toThrow(/language/);
    expect(() => parseCodeCatalog(TEXT.replace("type: session }", 'type: password }'))).toThrow(/type/);
  });
});

describe('bad input', () => {
  it('warns about files too large to model and goes on', () => {
    const warnings = new WarningSink();
    const model = architectureFromCode(
      [
        { path: 'big.py', text: `x = 1\n${'#'.repeat(1_000_001)}`, language: 'python' },
        { path: 'main.py', text: 'from fastapi import FastAPI\napp = FastAPI()\n@app.get("/")\ndef root():\n    return {}\n', language: 'python' },
      ],
      { warnings },
    );
    expect(warnings.items).toEqual([{ code: 'file-too-large', message: 'big.py: larger than 1000000 bytes, not modelled', path: 'big.py', source: 'architecture-code' }]);
    expect(model.elements.find((e) => e.id === 'process:web-app:main.py#app')?.attributes.routes).toEqual(['GET /']);
  });
});
