/** The stock engines every Shipshape app runs at synth, by the plugin name the report uses. */
export const STOCK_ENGINES = [
  'AwsSolutions',
  'HIPAA.Security',
  'NIST.800.53.R5',
  'PCI.DSS.321',
  'cdk-validator-cfnguard',
] as const;
