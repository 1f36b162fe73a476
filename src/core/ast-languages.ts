import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { registerDynamicLanguage } from '@ast-grep/napi';

type Registrations = Parameters<typeof registerDynamicLanguage>[0];

const require = createRequire(import.meta.url);

/** ast-grep language name of the tree-sitter-hcl grammar (Terraform). */
export const HCL = 'hcl';

/**
 * The prebuilt tree-sitter-hcl parser for this platform
 * (`prebuilds/<platform>-<arch>/@tree-sitter-grammars+tree-sitter-hcl.node`, a shared
 * library exporting `tree_sitter_hcl`), or `undefined` when the package ships none.
 */
export function hclLibraryPath(): string | undefined {
  try {
    const root = dirname(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/package.json'));
    const library = join(root, 'prebuilds', `${process.platform}-${process.arch}`, '@tree-sitter-grammars+tree-sitter-hcl.node');
    return existsSync(library) ? library : undefined;
  } catch {
    return undefined;
  }
}

let registered = false;

/**
 * Register every dynamic ast-grep language Guardian uses (Python for SAST, HCL for
 * Terraform when this platform has a prebuilt parser). `registerDynamicLanguage`
 * honours only its first call in a process (@ast-grep/napi 0.51: later calls are
 * ignored), so all callers go through here and it registers them all at once.
 */
export function registerAstLanguages(): void {
  if (registered) return;
  registered = true;
  const languages: Registrations = { python: require('@ast-grep/lang-python') as Registrations[string] };
  const library = hclLibraryPath();
  if (library) languages[HCL] = { libraryPath: library, extensions: ['tf', 'tfvars', 'hcl'], languageSymbol: 'tree_sitter_hcl' };
  registerDynamicLanguage(languages);
}
