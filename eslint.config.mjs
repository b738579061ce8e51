// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)].map((name) => ({
  name,
  message: 'Workflow code must not import Node builtins; do I/O in an activity.',
}));
const workflowOnlyTypes = {
  group: [
    '@temporalio/client',
    '@temporalio/worker',
    '@temporalio/activity',
    '../activities/*',
    '../../activities/*',
  ],
  message: 'Workflow code may import only @temporalio/workflow and types.',
  allowTypeImports: true,
};

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
      'no-restricted-imports': ['error', { paths: nodeBuiltins, patterns: [workflowOnlyTypes] }],
      'no-console': 'error',
    },
  },
  {
    // The order's rules are pure functions of state and event (the machine, the decisions, the
    // effect table, the validators, what the Web UI shows): the workflow, the replay plan and the
    // unit tests all run them, so they may not reach for Temporal's workflow API either.
    files: [
      'workflows/order/machine.ts',
      'workflows/order/decide*.ts',
      'workflows/order/draft.ts',
      'workflows/order/lines.ts',
      'workflows/order/confirmation.ts',
      'workflows/order/validators.ts',
      'workflows/order/effect-kinds.ts',
      'workflows/order/effects.ts',
      'workflows/order/events.ts',
      'workflows/order/state.ts',
      'workflows/order/undecided.ts',
      'workflows/order/attention-advice.ts',
      'workflows/order/details.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins,
            {
              name: '@temporalio/workflow',
              message:
                'The order machine is pure: only the workflow shell (workflows/order.ts, run-effect.ts, messages.ts) uses the workflow API.',
            },
          ],
          patterns: [workflowOnlyTypes],
        },
      ],
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
