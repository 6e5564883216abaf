import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', '.output', '.wxt', 'test-results', 'playwright-report'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    // Shipped code renders text from packs and CRM pages as text, never as HTML.
    files: ['entrypoints/**', 'components/**', 'knowledge/**', 'extension/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'render text, not HTML',
        },
        {
          selector: 'AssignmentExpression[left.property.name=/^(innerHTML|outerHTML)$/]',
          message: 'render text, not HTML',
        },
        {
          selector: "CallExpression[callee.property.name='insertAdjacentHTML']",
          message: 'render text, not HTML',
        },
      ],
    },
  },
  {
    // knowledge/ is the browser-free core: it must not reach for extension or DOM-writing APIs.
    files: ['knowledge/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            'wxt/*',
            'webextension-polyfill',
            '../entrypoints/*',
            '../components/*',
            '../extension/*',
          ],
        },
      ],
    },
  },
);
