// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

export default tseslint.config(
  { ignores: ['node_modules/', '.data/', '.tools/', 'dist/', 'bin/', 'eslint.config.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  {
    // Workflow code is bundled into Temporal's deterministic sandbox: no Node builtins, no I/O.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...builtinModules, ...builtinModules.map((m) => `node:${m}`)].map((name) => ({
            name,
            message: 'Workflow code must not import Node builtins; do I/O in an activity.',
          })),
          patterns: [
            {
              group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity', '../activities/*'],
              message: 'Workflow code may import only @temporalio/workflow and types.',
              allowTypeImports: true,
            },
          ],
        },
      ],
      'no-console': 'error',
    },
  },
  {
    // CLI entry points and tests talk to the terminal on purpose.
    files: [
      'client/**/*.ts',
      'test/**/*.ts',
      'harness/**/*.ts',
      'soak/**/*.ts',
      'bench/**/*.ts',
      'sandbox/cli*.ts',
      'ubl/cli*.ts',
    ],
    rules: { 'no-console': 'off' },
  },
);
