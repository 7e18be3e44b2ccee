import { defineConfig } from 'tsup';

/**
 * One entry per subpath export (see `exports` in package.json): `@drkit/atlas` (client, restores,
 * failover, cluster checks) and `@drkit/atlas/data` (data checks; the driver-backed reader needs
 * the optional peer `mongodb`).
 */
export default defineConfig({
  entry: { index: 'src/index.ts', 'data/index': 'src/data/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  splitting: false,
  // Peer dependencies stay imports; the caller's install provides them.
  external: ['mongodb', 'mongodb-atlas-api-client', 'urllib'],
});
