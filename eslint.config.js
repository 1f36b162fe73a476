import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // Rule fixtures are deliberately vulnerable sample code, not project code.
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.guardian/', '.scratch/', 'bench/.work/', 'examples/', 'src/scanners/sast/rules/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  { files: ['bin/**/*.js', 'scripts/**/*.mjs', 'src/**/*.mjs', 'bench/**/*.mjs'], languageOptions: { globals: globals.node } },
  { files: ['src/report/html/**/*.js'], languageOptions: { globals: globals.browser, sourceType: 'script' } },
  { files: ['src/web/**/*.{ts,tsx}'], ignores: ['src/web/vite.config.ts'], languageOptions: { globals: globals.browser } },
);
