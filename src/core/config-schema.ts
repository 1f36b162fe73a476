import { z } from 'zod';
import { configSchema } from './config.js';

/**
 * JSON Schema (draft 2020-12) of `guardian.yml`, for editors (YAML language server:
 * `# yaml-language-server: $schema=…`) and other tools. Generated from the zod schema,
 * so the two cannot drift; `schema/guardian.schema.json` is this function's output.
 */
export function configJsonSchema(): Record<string, unknown> {
  return {
    title: 'Guardian configuration (guardian.yml)',
    ...z.toJSONSchema(configSchema),
  };
}
