import { createRequire } from 'node:module';
import type AjvDraft04 from 'ajv-draft-04';
import type { default as addFormatsFn } from 'ajv-formats';

const require = createRequire(import.meta.url);
// CommonJS modules: require() gives the class and function themselves.
const Ajv = require('ajv-draft-04') as typeof AjvDraft04.default;
const addFormats = require('ajv-formats') as typeof addFormatsFn.default;
// The OASIS SARIF 2.1.0 (rtm.5) JSON schema, as shipped by @microsoft/jest-sarif.
const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object;

/** Validate against the official SARIF 2.1.0 JSON schema; returns the error list. */
export function sarifSchemaErrors(log: unknown): string[] {
  // unicodeRegExp off: the official schema's `language` pattern is not valid with the u flag.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
