import type { ConformanceFixture } from './types';

export default {
  service: 'ssm',
  calls: [
    { operation: 'PutParameter', input: { Name: '/c/endpoint', Value: 'https://a', Type: 'String' } },
    { operation: 'PutParameter', input: { Name: '/c/endpoint', Value: 'https://b', Overwrite: true } },
    {
      operation: 'PutParameter',
      input: {
        Name: '/c/secret',
        Value: 's3cr3t',
        Type: 'SecureString',
        Description: 'db',
        Tags: [{ Key: 'k', Value: 'v' }],
      },
    },
    { operation: 'PutParameter', input: { Name: '/c/endpoint', Value: 'x' }, expectError: 'ParameterAlreadyExists' },
    { operation: 'GetParameter', input: { Name: '/c/endpoint' } },
    { operation: 'GetParameter', input: { Name: '/c/secret', WithDecryption: true } },
    { operation: 'GetParameter', input: { Name: '/c/missing' }, expectError: 'ParameterNotFound' },
    { operation: 'GetParameters', input: { Names: ['/c/endpoint:1', '/c/missing'] } },
    {
      operation: 'LabelParameterVersion',
      input: { Name: '/c/endpoint', ParameterVersion: 1, Labels: ['stable', '9bad'] },
    },
    { operation: 'GetParameter', input: { Name: '/c/endpoint:stable' } },
    { operation: 'GetParameterHistory', input: { Name: '/c/endpoint', MaxResults: 1 } },
    { operation: 'GetParameterHistory', input: { Name: '/c/secret' } },
    { operation: 'DeleteParameter', input: { Name: '/c/secret' } },
    { operation: 'DeleteParameter', input: { Name: '/c/secret' }, expectError: 'ParameterNotFound' },
  ],
} satisfies ConformanceFixture;
