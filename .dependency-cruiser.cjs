// Import cycles make a module's meaning depend on load order and hide which layer owns a type.
// `npm run check` runs this; shared types live in leaf modules (e.g. server/actions/types.ts)
// so every import points one way.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Move the shared type or helper into a leaf module that both sides import.',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    // Type-only imports count: a cycle through types still ties the modules together.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|\\.astro|data|test-results)/' },
  },
};
