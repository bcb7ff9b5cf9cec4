import { CfnOutput, type Stack } from 'aws-cdk-lib';

/** One stack output: its value and what it is for (the runbooks name outputs by id). */
export interface OutputRow {
  /** The value: a name, an ARN or a URL, never a secret value. */
  readonly value: string;
  /** What the output is and where it is used. */
  readonly description: string;
}

/**
 * A stack's outputs, by output id. The id is the output's logical id, which operators and runbooks
 * read, so it never changes. A row left undefined is a feature the stage does not have.
 */
export type OutputTable = Readonly<Record<string, OutputRow | undefined>>;

/** Writes every row of `table` as an output of `stack`, in table order: one style for every stack. */
export function writeOutputs(stack: Stack, table: OutputTable): void {
  for (const [id, row] of Object.entries(table)) {
    if (row) new CfnOutput(stack, id, { value: row.value, description: row.description });
  }
}
