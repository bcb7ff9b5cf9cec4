/**
 * An acknowledged finding that a stage's config decides (the relaxations module); findings intrinsic
 * to a construct are acknowledged by the construct itself. Each names the finding, the narrowest
 * construct it applies to (a path below the stage, e.g. "Network/Network/Vpc") and a reason a
 * reviewer would accept. An acknowledgement whose construct no longer exists is an error (a stale
 * acknowledgement hides nothing and misleads), and an expired one fails synthesis.
 */
export interface Acknowledgement {
  /** Finding id as the engine names it, e.g. "AwsSolutions-IAM4" or "cdk-validator-cfnguard::<rule>". */
  readonly id: string;
  /** Construct path below the stage. Stage- and stack-wide scopes are refused. */
  readonly scope: string;
  /** Why accepting this finding is right. */
  readonly reason: string;
  /** ISO date after which the acknowledgement no longer applies and synthesis fails. */
  readonly expires?: string;
}
