import { CfnOutput, type Stack } from 'aws-cdk-lib';

/**
 * One stack output: its value (a name, an ARN or a URL, never a secret value) and what it is for.
 */
export type OutputRow = readonly [value: string, description: string];

/**
 * A stack's outputs, by output id. The id is the output's logical id, which operators and runbooks
 * read, so it never changes. A row left undefined is a feature the stage does not have.
 */
export type OutputTable = Readonly<Record<string, OutputRow | undefined>>;

/** Writes every row of `table` as an output of `stack`, in table order: one style for every stack. */
export function writeOutputs(stack: Stack, table: OutputTable): void {
  for (const [id, row] of Object.entries(table)) {
    if (row) new CfnOutput(stack, id, { value: row[0], description: row[1] });
  }
}
