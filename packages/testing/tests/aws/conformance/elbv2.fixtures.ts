import type { ConformanceFixture } from './types';
import { autoscalingService } from '../../../src/aws/autoscaling';
import { elbv2Service } from '../../../src/aws/elbv2';

let tgArn = '';
let lbArn = '';
let listenerArn = '';
let instance = '';

export default {
  service: 'elbv2',
  setup(cloud) {
    const elb = cloud.state(elbv2Service, 'us-east-1');
    const tg = elb.createTargetGroup({ name: 'seeded', port: 8080 });
    const lb = elb.createLoadBalancer({ name: 'seeded-alb', targetGroupArn: tg.arn, inService: true });
    tgArn = tg.arn;
    lbArn = lb.arn;
    listenerArn = elb.liveListeners(lb.arn)[0]!.arn;
    const g = cloud
      .state(autoscalingService, 'us-east-1')
      .createGroup({ name: 'seeded', minSize: 1, maxSize: 2, desiredCapacity: 1, inService: true });
    instance = g.instances[0]!.id;
  },
  get calls() {
    return [
      {
        operation: 'CreateLoadBalancer',
        input: { Name: 'api', Subnets: ['subnet-0a', 'subnet-0b'], Scheme: 'internal' },
      },
      {
        operation: 'CreateLoadBalancer',
        input: { Name: 'single', Subnets: ['subnet-0a'] },
        expectError: 'ValidationError',
      },
      { operation: 'DescribeLoadBalancers', input: {} },
      { operation: 'DescribeLoadBalancers', input: { Names: ['ghost'] }, expectError: 'LoadBalancerNotFoundException' },
      {
        operation: 'CreateTargetGroup',
        input: { Name: 'api', Protocol: 'HTTP', Port: 80, VpcId: 'vpc-1', HealthyThresholdCount: 3 },
      },
      {
        operation: 'CreateTargetGroup',
        input: { Name: 'api', Protocol: 'HTTP', Port: 81, VpcId: 'vpc-1' },
        expectError: 'DuplicateTargetGroupNameException',
      },
      { operation: 'DescribeTargetGroups', input: { Names: ['api', 'seeded'] } },
      { operation: 'DescribeTargetGroups', input: { LoadBalancerArn: lbArn } },
      { operation: 'ModifyTargetGroup', input: { TargetGroupArn: tgArn, HealthCheckIntervalSeconds: 10 } },
      { operation: 'DescribeTargetGroupAttributes', input: { TargetGroupArn: tgArn } },
      {
        operation: 'ModifyTargetGroupAttributes',
        input: { TargetGroupArn: tgArn, Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }] },
      },
      {
        operation: 'ModifyTargetGroupAttributes',
        input: { TargetGroupArn: tgArn, Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '-1' }] },
        expectError: 'InvalidConfigurationRequestException',
      },
      { operation: 'RegisterTargets', input: { TargetGroupArn: tgArn, Targets: [{ Id: instance }] } },
      {
        operation: 'RegisterTargets',
        input: { TargetGroupArn: tgArn, Targets: [{ Id: 'i-0ffffffffffffffff' }] },
        expectError: 'InvalidTargetException',
      },
      { operation: 'DescribeTargetHealth', input: { TargetGroupArn: tgArn } },
      { operation: 'DescribeTargetHealth', input: { TargetGroupArn: tgArn, Targets: [{ Id: instance }] } },
      {
        operation: 'DescribeTargetHealth',
        input: { TargetGroupArn: tgArn.replace('seeded', 'ghost') },
        expectError: 'TargetGroupNotFoundException',
      },
      { operation: 'DeregisterTargets', input: { TargetGroupArn: tgArn, Targets: [{ Id: instance }] } },
      { operation: 'DescribeListeners', input: { LoadBalancerArn: lbArn } },
      {
        operation: 'CreateListener',
        input: {
          LoadBalancerArn: lbArn,
          Protocol: 'HTTP',
          Port: 8080,
          DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn }],
        },
      },
      {
        operation: 'CreateListener',
        input: {
          LoadBalancerArn: lbArn,
          Protocol: 'HTTP',
          Port: 8080,
          DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn }],
        },
        expectError: 'DuplicateListenerException',
      },
      { operation: 'DeleteListener', input: { ListenerArn: listenerArn } },
      { operation: 'DeleteTargetGroup', input: { TargetGroupArn: tgArn }, expectError: 'ResourceInUseException' },
      { operation: 'DeleteLoadBalancer', input: { LoadBalancerArn: lbArn } },
      { operation: 'DeleteTargetGroup', input: { TargetGroupArn: tgArn } },
    ];
  },
} satisfies ConformanceFixture;
