import { defineConfig } from 'tsup';

/**
 * One entry per subpath export (see `exports` in package.json): a Lambda that imports
 * `@drkit/aws/backup` bundles the Backup adapter and its client only. To add a service, add its
 * folder here and a matching `./<name>` export.
 */
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'backup/index': 'src/backup/index.ts',
    'elasticache/index': 'src/elasticache/index.ts',
    'checks/index': 'src/checks/index.ts',
    'checks/redis/index': 'src/checks/redis/index.ts',
    'route53/index': 'src/route53/index.ts',
    'autoscaling/index': 'src/autoscaling/index.ts',
    'elasticache-global/index': 'src/elasticache-global/index.ts',
    'ssm/index': 'src/ssm/index.ts',
    'codedeploy/index': 'src/codedeploy/index.ts',
    'strategy/index': 'src/strategy/index.ts',
    'notify/index': 'src/notify/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  splitting: false,
  // Optional peer dependencies stay imports; the caller's bundle decides.
  external: [/^@aws-sdk\//, 'ioredis'],
});
