import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

/** knowledge/'s folders, lowest first: a folder may import only those before it (and itself). */
const KNOWLEDGE_LAYERS = [
  ['text'],
  ['authoring'],
  ['crm', 'rules', 'search'],
  ['case'],
  ['records'],
];

/** One zone per forbidden direction inside knowledge/: nothing imports a higher or a sibling layer. */
function knowledgeZones() {
  const zones = [];
  KNOWLEDGE_LAYERS.forEach((layer, rank) => {
    const higher = KNOWLEDGE_LAYERS.slice(rank + 1).flat();
    for (const folder of layer) {
      const siblings = layer.filter((f) => f !== folder);
      for (const from of [...higher, ...siblings])
        zones.push({
          target: `./knowledge/${folder}`,
          from: `./knowledge/${from}`,
          message: `knowledge/${folder} sits below knowledge/${from}: move the shared piece down`,
        });
    }
  });
  // The vocabulary at the root is the lowest of all.
  zones.push({
    target: './knowledge/types.ts',
    from: './knowledge',
    except: ['./types.ts', './packs', './profiles', './data'],
    message: 'knowledge/types.ts is the base vocabulary: it imports nothing',
  });
  return zones;
}

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
      // Small modules: a file that grows past this has two concerns.
      'max-lines': ['error', { max: 500 }],
    },
  },
  {
    // The import directions of DESIGN.md, each a zone, plus no cycles anywhere.
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.json'] } },
    },
    rules: {
      'import-x/no-cycle': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './knowledge',
              from: ['./entrypoints', './components', './extension', './tests'],
              message: 'knowledge/ is the browser-free core: it imports only itself',
            },
            ...knowledgeZones(),
            {
              target: './extension',
              from: ['./components', './entrypoints'],
              message:
                'extension/ is shared browser code: UI and entrypoints build on it, not it on them',
            },
            {
              target: './components',
              from: './entrypoints',
              message: 'components/ are used by entrypoints, never the reverse',
            },
            {
              target: './components/sidebar',
              from: './components/console',
              message: 'the sidebar and the console share through components/shared only',
            },
            {
              target: './components/console',
              from: './components/sidebar',
              message: 'the sidebar and the console share through components/shared only',
            },
            {
              target: './components/shared',
              from: ['./components/sidebar', './components/console'],
              message: 'components/shared serves both pages: it imports neither',
            },
          ],
        },
      ],
    },
  },
  {
    // Shipped code: short functions (the measured hot loops of search say why they are longer).
    files: ['entrypoints/**', 'components/**', 'knowledge/**', 'extension/**'],
    rules: {
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
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
    // knowledge/ must not reach for extension or DOM-writing APIs through packages either.
    files: ['knowledge/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['wxt', 'wxt/*', 'webextension-polyfill'] }],
    },
  },
);
