/**
 * The walls between the layers and modules (docs/ARCHITECTURE.md, "Walls"), checked by dependency-cruiser in
 * `npm test` (test/unit/walls.test.ts) and by `npm run walls`. Known violations that are still being taken down
 * are listed in .dependency-cruiser-known-violations.json (`npm run walls:baseline` rewrites it): the check fails on
 * any violation not listed there.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'platform-imports-no-module',
      comment: 'server/platform is below every module: it may not know one. Modules hand it what it needs at composition.',
      severity: 'error',
      from: { path: '^server/platform/' },
      to: { path: '^server/modules/' },
    },
    {
      name: 'common-is-shared',
      comment: 'common/ is shared by the server and the web app: it imports neither.',
      severity: 'error',
      from: { path: '^common/' },
      to: { path: '^(server|web)/' },
    },
    {
      name: 'server-and-web-apart',
      comment: 'The server and the web app meet only in common/ and over HTTP.',
      severity: 'error',
      from: { path: '^server/' },
      to: { path: '^web/' },
    },
    {
      name: 'web-and-server-apart',
      comment: 'The server and the web app meet only in common/ and over HTTP.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^server/' },
    },
    {
      name: 'modules-below-composition',
      comment: 'Modules do not import the composition root (app, services, boot, main, worker).',
      severity: 'error',
      from: { path: '^server/modules/' },
      to: { path: '^server/(app|services|boot|main|worker-main)\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-other-module-tables',
      comment: "A module's tables are its own: others read through its read model or service and write through its service or a hook it exposes.",
      severity: 'error',
      // (a table file may reference another module's table: that is a foreign key, declared in the schema)
      from: { path: '^server/modules/([^/]+)/', pathNot: '\\.tables\\.ts$' },
      to: { path: '^server/modules/[^/]+/[^/]+\\.tables\\.ts$', pathNot: '^server/modules/$1/' },
    },
    {
      name: 'no-circular',
      comment: 'A cycle between files makes neither of them changeable alone.',
      severity: 'error',
      from: { path: '^(server|common|web/src)/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|test)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    combinedDependencies: false,
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.vue', '.mjs'] },
  },
};
