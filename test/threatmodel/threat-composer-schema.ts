import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type Ajv2020Class from 'ajv/dist/2020.js';
import type { default as addFormatsFn } from 'ajv-formats';

const require = createRequire(import.meta.url);
// CommonJS modules: require() gives the class and function themselves. The Threat Composer
// schema declares JSON Schema draft 2020-12, hence Ajv2020.
const Ajv2020 = require('ajv/dist/2020') as typeof Ajv2020Class.default;
const addFormats = require('ajv-formats') as typeof addFormatsFn.default;

/** The Threat Composer v1 schema (awslabs/threat-composer, Apache-2.0; see the fixture README). */
export const threatComposerSchema = JSON.parse(
  readFileSync(new URL('../fixtures/threat-composer/threat-composer-v1.schema.json', import.meta.url), 'utf8'),
) as object;

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(threatComposerSchema);

/** Validate against the Threat Composer v1 JSON schema; returns the error list (empty when valid). */
export function threatComposerSchemaErrors(document: unknown): string[] {
  return validate(document) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
