import type { ConformanceFixture } from './types';
import { autoscalingService } from '../../../src/aws/autoscaling';

const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/jobs/0123456789abcdef';
let victim = '';
let other = '';

export default {
  service: 'autoscaling',
  setup(cloud) {
    const state = cloud.state(autoscalingService, 'us-east-1');
    const g = state.createGroup({ name: 'seeded', minSize: 1, maxSize: 4, desiredCapacity: 2, inService: true });
    victim = g.instances[0]!.id;
    other = g.instances[1]!.id;
  },
  get calls() {
    return [
      {
        operation: 'CreateAutoScalingGroup',
        input: {
          AutoScalingGroupName: 'web',
          LaunchTemplate: { LaunchTemplateName: 'web', Version: '$Latest' },
          MinSize: 1,
          MaxSize: 4,
          DesiredCapacity: 2,
          AvailabilityZones: ['us-east-1a', 'us-east-1b'],
          Tags: [{ Key: 'team', Value: 'jobs', PropagateAtLaunch: true }],
        },
      },
      {
        operation: 'CreateAutoScalingGroup',
        input: {
          AutoScalingGroupName: 'web',
          LaunchConfigurationName: 'lc',
          MinSize: 1,
          MaxSize: 2,
          AvailabilityZones: ['us-east-1a'],
        },
        expectError: 'AlreadyExistsFault',
      },
      {
        operation: 'CreateAutoScalingGroup',
        input: {
          AutoScalingGroupName: 'bad',
          LaunchConfigurationName: 'lc',
          MinSize: 3,
          MaxSize: 2,
          VPCZoneIdentifier: 'subnet-1',
        },
        expectError: 'ValidationError',
      },
      {
        operation: 'UpdateAutoScalingGroup',
        input: { AutoScalingGroupName: 'web', MaxSize: 6, HealthCheckType: 'ELB' },
      },
      { operation: 'SetDesiredCapacity', input: { AutoScalingGroupName: 'web', DesiredCapacity: 3 } },
      {
        operation: 'SetDesiredCapacity',
        input: { AutoScalingGroupName: 'web', DesiredCapacity: 9 },
        expectError: 'ValidationError',
      },
      {
        operation: 'SetDesiredCapacity',
        input: { AutoScalingGroupName: 'web', DesiredCapacity: 4, HonorCooldown: true },
        expectError: 'ScalingActivityInProgressFault',
      },
      { operation: 'AttachLoadBalancerTargetGroups', input: { AutoScalingGroupName: 'web', TargetGroupARNs: [TG] } },
      { operation: 'DescribeAutoScalingGroups', input: { AutoScalingGroupNames: ['web', 'seeded'] } },
      { operation: 'DescribeAutoScalingGroups', input: { MaxRecords: 1 } },
      { operation: 'DescribeAutoScalingGroups', input: { Filters: [{ Name: 'tag:team', Values: ['jobs'] }] } },
      { operation: 'DescribeAutoScalingGroups', input: { NextToken: 'not-a-token' }, expectError: 'InvalidNextToken' },
      { operation: 'DescribeAutoScalingInstances', input: {} },
      { operation: 'DescribeAutoScalingInstances', input: { InstanceIds: [victim], MaxRecords: 1 } },
      { operation: 'DescribeScalingActivities', input: { AutoScalingGroupName: 'web', MaxRecords: 2 } },
      { operation: 'SetInstanceHealth', input: { InstanceId: victim, HealthStatus: 'Unhealthy' } },
      {
        operation: 'SetInstanceHealth',
        input: { InstanceId: 'i-0000000000000000a', HealthStatus: 'Unhealthy' },
        expectError: 'ValidationError',
      },
      {
        operation: 'TerminateInstanceInAutoScalingGroup',
        input: { InstanceId: other, ShouldDecrementDesiredCapacity: false },
      },
      { operation: 'DetachLoadBalancerTargetGroups', input: { AutoScalingGroupName: 'web', TargetGroupARNs: [TG] } },
      {
        operation: 'DeleteAutoScalingGroup',
        input: { AutoScalingGroupName: 'web' },
        expectError: 'ResourceInUseFault',
      },
      { operation: 'DeleteAutoScalingGroup', input: { AutoScalingGroupName: 'web', ForceDelete: true } },
    ];
  },
} satisfies ConformanceFixture;
