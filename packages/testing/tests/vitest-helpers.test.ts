import { beforeAll, describe, expect, it } from 'vitest';
import {
  BackupClient,
  DescribeRestoreJobCommand,
  GetRecoveryPointRestoreMetadataCommand,
  ListRecoveryPointsByBackupVaultCommand,
  StartRestoreJobCommand,
} from '@aws-sdk/client-backup';
import {
  CreateReplicationGroupCommand,
  DeleteReplicationGroupCommand,
  ElastiCacheClient,
} from '@aws-sdk/client-elasticache';
import { ChangeResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { memoryAuditSink, withAuditLog, type AuditRecord } from '@drkit/core';
import { createSimulatedCloud, elasticacheService, route53Sim, seedTopology, type SimulatedCloud } from '../src/index';
import {
  assertAuditChain,
  assertCallCount,
  assertNoOrphanedRestores,
  assertParameterValue,
  assertTrafficWeights,
  checkAuditChain,
  checkCallCount,
  checkNoOrphanedRestores,
  checkParameterValue,
  checkTrafficWeights,
  DrkitAssertionError,
  drkitMatchers,
  installDrkitMatchers,
  orphanedRestores,
} from '../src/vitest/index';

const HOUR = 3_600_000;

function seedCloud() {
  const topology = seedTopology();
  const cloud = createSimulatedCloud({ seed: 3, topology });
  cloud.state(elasticacheService, topology.regions.primary).configure({ redisBacking: 'off' });
  return { topology, cloud };
}

/** Restores the newest EC2 point of the primary vault through the real BackupClient; returns the job id. */
async function restoreLatestEc2(cloud: SimulatedCloud, topology: ReturnType<typeof seedTopology>): Promise<string> {
  const backup = cloud.client(BackupClient, { region: topology.regions.primary });
  const vault = topology.backup.primaryVaultName;
  const { RecoveryPoints } = await backup.send(
    new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: vault, ByResourceType: 'EC2' }),
  );
  const latest = RecoveryPoints!.sort((a, b) => b.CreationDate!.getTime() - a.CreationDate!.getTime())[0]!;
  const { RestoreMetadata } = await backup.send(
    new GetRecoveryPointRestoreMetadataCommand({ BackupVaultName: vault, RecoveryPointArn: latest.RecoveryPointArn }),
  );
  const { RestoreJobId } = await backup.send(
    new StartRestoreJobCommand({
      RecoveryPointArn: latest.RecoveryPointArn,
      Metadata: RestoreMetadata,
      IamRoleArn: topology.backup.iamRoleArn,
    }),
  );
  await cloud.clock.advance(2 * HOUR);
  const job = await backup.send(new DescribeRestoreJobCommand({ RestoreJobId }));
  expect(job.Status).toBe('COMPLETED');
  return RestoreJobId!;
}

async function auditRecords(): Promise<AuditRecord[]> {
  const sink = memoryAuditSink();
  const failOver = withAuditLog(
    async function failOver(region: string) {
      return { region };
    },
    { sink, actor: 'vitest-helpers-test' },
  );
  await failOver('us-west-2');
  await failOver('us-east-1');
  return [...(await sink.read())];
}

describe('vitest helpers: plain checks and assertions', () => {
  it('finds an EC2 instance a restore left behind, and passes once it is deleted', async () => {
    // Prepare
    const { topology, cloud } = seedCloud();
    const clean = checkNoOrphanedRestores(cloud);

    // Act
    const jobId = await restoreLatestEc2(cloud, topology);
    const left = checkNoOrphanedRestores(cloud);
    const orphan = orphanedRestores(cloud)[0]!;
    cloud.resources.delete(orphan.arn, cloud.clock.now());

    // Assess
    expect(clean.pass).toBe(true);
    expect(left.pass).toBe(false);
    expect(left.message).toContain(`EC2 ${orphan.id} in ${topology.regions.primary}`);
    expect(left.message).toContain(`by restore job ${jobId}`);
    expect(checkNoOrphanedRestores(cloud).pass).toBe(true);
    expect(() => assertNoOrphanedRestores(cloud)).not.toThrow();
  });

  it('counts an ElastiCache group created from a snapshot until its deletion starts', async () => {
    const { topology, cloud } = seedCloud();
    const ec = cloud.client(ElastiCacheClient, { region: topology.regions.primary });
    const snapshot = cloud.state(elasticacheService, topology.regions.primary).snapshots({ source: 'manual' })[0]!;

    await ec.send(
      new CreateReplicationGroupCommand({
        ReplicationGroupId: 'restore-check',
        ReplicationGroupDescription: 'weekly restore test',
        SnapshotName: snapshot.name,
        CacheNodeType: 'cache.r7g.large',
      }),
    );
    await cloud.clock.advance(30 * 60_000);
    const beforeDelete = orphanedRestores(cloud).map((o) => `${o.type}:${o.id}`);
    await ec.send(new DeleteReplicationGroupCommand({ ReplicationGroupId: 'restore-check' }));

    expect(beforeDelete).toEqual(['ElastiCache:restore-check']);
    expect(checkNoOrphanedRestores(cloud).pass).toBe(true);
    expect(checkNoOrphanedRestores(cloud, { region: topology.regions.dr }).pass).toBe(true);
  });

  it('tolerates what the caller says to ignore, and what was restored before the run', async () => {
    const { topology, cloud } = seedCloud();
    await restoreLatestEc2(cloud, topology);
    const runStart = cloud.clock.now();

    expect(checkNoOrphanedRestores(cloud, { ignore: (r) => r.type === 'EC2' }).pass).toBe(true);
    expect(checkNoOrphanedRestores(cloud, { since: runStart }).pass).toBe(true);
    expect(() => assertNoOrphanedRestores(cloud)).toThrow(DrkitAssertionError);
  });

  it('checks traffic weights in the API view at once and in the DNS view after propagation', async () => {
    // Prepare
    const { topology, cloud } = seedCloud();
    const name = topology.dns.weightedRecordName;
    const r53 = cloud.client(Route53Client, { region: topology.regions.dr });
    const weighted = route53Sim(cloud)
      .records(topology.dns.zoneId)
      .filter((r) => r.Name === `${name}.`);
    const flipped = { [topology.regions.primary]: 0, [topology.regions.dr]: 100 };

    // Act
    await r53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: topology.dns.zoneId,
        ChangeBatch: {
          Changes: weighted.map((r) => ({
            Action: 'UPSERT' as const,
            ResourceRecordSet: { ...r, Weight: flipped[r.SetIdentifier!] },
          })),
        },
      }),
    );
    const apiNow = checkTrafficWeights(cloud, name, flipped);
    const dnsNow = checkTrafficWeights(cloud, name, flipped, { view: 'dns' });
    await cloud.clock.advance(5 * 60_000);

    // Assess
    expect(apiNow.pass).toBe(true);
    expect(dnsNow.pass).toBe(false);
    expect(dnsNow.message).toContain(`${topology.regions.primary}=100`);
    expect(checkTrafficWeights(cloud, name, flipped, { view: 'dns' }).pass).toBe(true);
    expect(checkTrafficWeights(cloud, name, { [topology.regions.dr]: 100 }).pass).toBe(false); // one record missing
    expect(checkTrafficWeights(cloud, 'nothing.jobs.example.com', {}).pass).toBe(true);
    expect(() => assertTrafficWeights(cloud, name, topology.dns.weights)).toThrow(/differs for us-east-1, us-west-2/);
  });

  it('checks a parameter’s value without ever showing a SecureString', async () => {
    const { topology, cloud } = seedCloud();
    const ssm = cloud.client(SSMClient, { region: topology.regions.dr });
    await ssm.send(
      new PutParameterCommand({ Name: topology.parameters.activeRegion, Value: topology.regions.dr, Overwrite: true }),
    );

    const east = checkParameterValue(cloud, topology.parameters.activeRegion, topology.regions.dr);
    const west = checkParameterValue(cloud, topology.parameters.activeRegion, topology.regions.dr, {
      region: topology.regions.dr,
    });
    const secret = checkParameterValue(cloud, topology.parameters.mongodbUri, 'mongodb://elsewhere');
    const missing = checkParameterValue(cloud, '/jobs-api/nope', 'x');

    expect(east.pass).toBe(false);
    expect(east.message).toContain('"us-east-1", expected "us-west-2"');
    expect(west.pass).toBe(true);
    expect(west.message).toContain('version 2');
    expect(secret.pass).toBe(false);
    expect(secret.message).not.toContain('seed-password');
    expect(JSON.stringify(secret)).not.toContain('seed-password');
    expect(checkParameterValue(cloud, topology.parameters.mongodbUri, /^mongodb\+srv:\/\//).pass).toBe(true);
    expect(missing.message).toContain('does not exist');
    expect(() => assertParameterValue(cloud, topology.parameters.redisEndpoint, /:6379$/)).not.toThrow();
  });

  it('verifies an audit chain and names where a tampered one breaks', async () => {
    const records = await auditRecords();
    const edited = records.map((r, i) => (i === 1 ? { ...r, actor: 'someone-else' } : r));

    expect(checkAuditChain(records)).toEqual({ pass: true, message: 'audit chain of 4 record(s) verified' });
    expect(checkAuditChain(edited).message).toMatch(/broken at record 1: hash does not match/);
    expect(checkAuditChain(records.slice(0, 3), { head: { seq: 3, hash: records[3]!.hash } }).pass).toBe(false);
    expect(checkAuditChain([]).message).toContain('expected at least 1');
    expect(() => assertAuditChain(edited)).toThrow(DrkitAssertionError);
  });

  it('counts recorded calls exactly or within a range, listing them when the count is wrong', async () => {
    const { topology, cloud } = seedCloud();
    await restoreLatestEc2(cloud, topology);

    const one = checkCallCount(cloud, { service: 'backup', operation: 'StartRestoreJob' }, 1);
    const none = checkCallCount(cloud.recorder, { service: 'backup', operation: /^Start/ }, 0);

    expect(one.pass).toBe(true);
    expect(none.pass).toBe(false);
    expect(none.message).toContain('backup.StartRestoreJob (us-east-1) ok');
    expect(checkCallCount(cloud, { service: 'backup' }, { min: 3, max: 10 }).pass).toBe(true);
    expect(checkCallCount(cloud, { outcome: 'error' }, { max: 0 }).pass).toBe(true);
    expect(() => assertCallCount(cloud, { service: 'route53' }, { min: 1 })).toThrow(/expected at least 1/);
  });
});

describe('vitest helpers: expect matchers', () => {
  beforeAll(() => {
    expect.extend(drkitMatchers);
  });

  it('pass and fail as the checks do, negated too', async () => {
    const { topology, cloud } = seedCloud();
    await restoreLatestEc2(cloud, topology);

    expect(cloud).not.toHaveNoOrphanedRestores();
    expect(() => expect(cloud).toHaveNoOrphanedRestores()).toThrow(/1 restored resource\(s\) left behind/);
    expect(cloud).toHaveTrafficWeights(topology.dns.weightedRecordName, topology.dns.weights);
    expect(cloud).not.toHaveTrafficWeights(topology.dns.weightedRecordName, { [topology.regions.dr]: 100 });
    expect(cloud).toHaveParameterValue(topology.parameters.activeRegion, topology.regions.primary, {
      region: topology.regions.dr,
    });
    expect(cloud).toHaveRecordedCalls({ service: 'backup', operation: 'StartRestoreJob' }, 1);
    expect(cloud.recorder).toHaveRecordedCalls({ service: 'ssm' }, 0);
    expect(await auditRecords()).toBeVerifiedAuditChain({ minRecords: 4 });
    expect(() => expect(cloud).not.toHaveRecordedCalls({ service: 'ssm' }, 0)).toThrow(
      /expected another number of calls: 0 call\(s\) matching service ssm recorded/,
    );
  });

  it('say what they expected when given the wrong subject', () => {
    expect(() => expect('cloud').toHaveNoOrphanedRestores()).toThrow(/expects a SimulatedCloud/);
    expect(() => expect({}).toBeVerifiedAuditChain()).toThrow(/expects an array of audit records/);
  });

  it('can be installed on any expect with an extend method', () => {
    const added: string[] = [];

    installDrkitMatchers({ extend: (m) => added.push(...Object.keys(m)) });

    expect(added).toEqual([
      'toHaveNoOrphanedRestores',
      'toHaveTrafficWeights',
      'toHaveParameterValue',
      'toBeVerifiedAuditChain',
      'toHaveRecordedCalls',
    ]);
  });
});
