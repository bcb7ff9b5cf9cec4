/**
 * Checklist ids a change to a resource of a given type touches (the register's ids; see
 * docs/compliance.md). A type maps to the ids whose realization lives in such resources; the
 * review lists them so the sign-off knows which items to look at. Longest matching prefix wins.
 * test/ops/review.test.ts fails when the app synthesizes a type this table does not cover.
 */
export const CHECKLIST_BY_TYPE: Readonly<Record<string, readonly string[]>> = {
  'AWS::RDS::DBInstance': ['DB-01', 'DB-02', 'DB-07', 'DB-08', 'SEC-20'],
  'AWS::RDS::DBSubnetGroup': ['DB-01', 'SEC-11'],
  'AWS::RDS::DBParameterGroup': ['DB-05', 'DB-08'],
  'AWS::RDS::DBProxy': ['DB-03', 'DB-05'],
  'AWS::RDS::DBProxyTargetGroup': ['DB-03'],
  'AWS::ElastiCache::': ['CACHE-01', 'CACHE-02', 'PERF-02'],
  'AWS::EC2::SecurityGroup': ['SEC-10'],
  'AWS::EC2::SecurityGroupIngress': ['SEC-10'],
  'AWS::EC2::SecurityGroupEgress': ['SEC-10'],
  'AWS::EC2::FlowLog': ['MON-02', 'LEG-01'],
  'AWS::EC2::': ['SEC-11'],
  'AWS::ElasticLoadBalancingV2::': ['SEC-07', 'SEC-08', 'SEC-09', 'PERF-04', 'DOCK-06'],
  'AWS::WAFv2::': ['SEC-15', 'SEC-16', 'MON-08'],
  'AWS::CertificateManager::': ['SEC-07', 'MON-09'],
  'AWS::Route53::': ['SEC-07'],
  'AWS::ECS::': ['DOCK-03', 'DOCK-04', 'SEC-18', 'SEC-12', 'SEC-05', 'SEC-06'],
  'AWS::ECR::': ['DOCK-01', 'SEC-19'],
  'AWS::ApplicationAutoScaling::': ['PERF-04'],
  'AWS::EFS::': ['DOCK-02', 'SEC-20'],
  'AWS::S3::': ['PERF-05', 'SEC-20', 'LEG-01'],
  'AWS::KMS::': ['SEC-20'],
  'AWS::SecretsManager::Secret': ['SEC-01', 'SEC-02', 'SEC-04', 'SEC-12', 'CFG-05'],
  'AWS::SecretsManager::RotationSchedule': ['SEC-03', 'DB-06'],
  'AWS::SecretsManager::': ['SEC-12'],
  'AWS::ElastiCache::User': ['CACHE-01', 'SEC-03'],
  'AWS::Lambda::': ['SEC-03', 'MON-06', 'MON-10', 'TEST-06'],
  'AWS::IAM::': ['SEC-12', 'DB-05'],
  'AWS::Logs::': ['MON-02', 'MON-03', 'LEG-01'],
  'AWS::CloudWatch::Alarm': ['MON-06', 'MON-07', 'MON-08'],
  'AWS::CloudWatch::Dashboard': ['MON-01'],
  'AWS::CloudWatch::': ['MON-07'],
  'AWS::SNS::': ['MON-06', 'CFG-02', 'CFG-03'],
  'AWS::SQS::': ['MON-06'],
  'AWS::Events::': ['MON-06', 'MON-10'],
  'AWS::Scheduler::': ['DOCK-05'],
  'AWS::Synthetics::': ['MON-05', 'MON-04'],
  'AWS::Backup::': ['DB-02', 'TEST-06', 'LEG-01'],
  // The CDN (PERF-03): the distribution terminates TLS 1.2+, redirects HTTP and carries the web
  // ACL; its response headers policy is the HSTS/CSP/nosniff/frame headers; OAC keeps the bucket private.
  'AWS::CloudFront::Distribution': ['PERF-03', 'SEC-07', 'SEC-08', 'SEC-15', 'SEC-16'],
  'AWS::CloudFront::ResponseHeadersPolicy': ['PERF-03', 'SEC-09'],
  'AWS::CloudFront::OriginAccessControl': ['PERF-03', 'SEC-20'],
  'AWS::CloudFront::': ['PERF-03', 'SEC-09'],
  'AWS::CDK::Metadata': [],
  'Custom::': [],
};

/** The ids for a type (longest matching prefix), or undefined when the table does not cover it. */
export function checklistIdsOf(type: string): readonly string[] | undefined {
  const key = Object.keys(CHECKLIST_BY_TYPE)
    .filter((prefix) => type.startsWith(prefix))
    .sort((a, b) => b.length - a.length)[0];
  return key === undefined ? undefined : CHECKLIST_BY_TYPE[key];
}
