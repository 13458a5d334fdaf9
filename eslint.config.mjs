import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'coverage/', 'test-artifacts/', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['src/cli/**', 'bench/**', 'scripts/**', 'src/main.ts', 'src/**/main.ts', 'test/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // The pages' scripts: text reaches the DOM as text only (the pages' CSP also requires Trusted Types).
    files: ['src/web/**/client/**/*.ts', 'src/web/shared/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...['innerHTML', 'outerHTML'].map((property) => ({ property, message: 'Set textContent or build nodes with createElement.' })),
        { property: 'insertAdjacentHTML', message: 'Never parse strings as HTML.' },
        ...['write', 'writeln'].map((property) => ({ object: 'document', property, message: 'Never parse strings as HTML.' })),
      ],
      'no-restricted-globals': ['error', 'eval', 'Function'],
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
);
