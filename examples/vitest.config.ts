import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@drkit/source'] },
  ssr: { resolve: { conditions: ['@drkit/source'] } },
  test: { name: 'examples', include: ['tests/**/*.test.ts'], environment: 'node' },
});
