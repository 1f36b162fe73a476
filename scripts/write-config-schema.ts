// Writes schema/guardian.schema.json from the zod schema in src/core/config.ts.
// Run: node --import tsx scripts/write-config-schema.ts (a test checks the file is current).
import { writeFileSync } from 'node:fs';
import { configJsonSchema } from '../src/core/config-schema.js';

writeFileSync(new URL('../schema/guardian.schema.json', import.meta.url), `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
