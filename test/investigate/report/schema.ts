import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type Ajv2020Type from 'ajv/dist/2020.js';
import type { default as addFormatsFn } from 'ajv-formats';

const require = createRequire(import.meta.url);
// CommonJS modules: require() gives the class and function themselves.
const Ajv2020 = require('ajv/dist/2020') as typeof Ajv2020Type.default;
const addFormats = require('ajv-formats') as typeof addFormatsFn.default;

/** schema/investigation.schema.json, parsed. */
export const investigationSchema = JSON.parse(readFileSync(new URL('../../../schema/investigation.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validate = ajv.compile(investigationSchema);

/** Validate against the investigation schema; returns `instancePath message` per error (empty when valid). */
export function investigationSchemaErrors(value: unknown): string[] {
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
