import { parse } from '@ast-grep/napi';
import { HCL, registerAstLanguages } from '../../../core/ast-languages.js';

export { HCL, hclLibraryPath } from '../../../core/ast-languages.js';

let available: boolean | undefined;

/**
 * Make sure ast-grep can parse HCL (see core/ast-languages.ts). Returns false when this
 * platform has no prebuilt tree-sitter-hcl parser.
 */
export function ensureHcl(): boolean {
  if (available !== undefined) return available;
  try {
    registerAstLanguages();
    parse(HCL, '');
    available = true;
  } catch {
    available = false;
  }
  return available;
}
