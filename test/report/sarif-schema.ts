import { createRequire } from 'node:module';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const require = createRequire(import.meta.url);
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
