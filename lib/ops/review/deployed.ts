import {
  type CloudFormationClient,
  type DescribeChangeSetOutput,
  DescribeChangeSetCommand,
  GetTemplateCommand,
} from '@aws-sdk/client-cloudformation';
import { parse as parseYaml } from 'yaml';
import type { Template } from './stage-templates';

/**
 * The template CloudFormation holds for a stack (`TemplateStage: Original`, what was deployed), or
 * an empty template when the stack does not exist yet (everything in the new one is an addition).
 */
export async function deployedTemplate(cfn: CloudFormationClient, stackName: string): Promise<Template> {
  try {
    const out = await cfn.send(new GetTemplateCommand({ StackName: stackName, TemplateStage: 'Original' }));
    const body = out.TemplateBody ?? '{}';
    return (body.trimStart().startsWith('{') ? JSON.parse(body) : parseYaml(body)) as Template;
  } catch (error) {
    if (isMissingStack(error)) return {};
    throw error;
  }
}

/**
 * Every page of a change set (with property values, so the diff can tell what is resolved at
 * deploy time), or undefined when there is none: `cdk deploy --method=prepare-change-set`
 * deletes a change set with no changes.
 */
export async function changeSetOf(
  cfn: CloudFormationClient,
  stackName: string,
  changeSetName: string,
): Promise<DescribeChangeSetOutput | undefined> {
  let first: DescribeChangeSetOutput | undefined;
  let nextToken: string | undefined;
  try {
    do {
      const page = await cfn.send(
        new DescribeChangeSetCommand({
          StackName: stackName,
          ChangeSetName: changeSetName,
          IncludePropertyValues: true,
          ...(nextToken ? { NextToken: nextToken } : {}),
        }),
      );
      if (first) first.Changes = [...(first.Changes ?? []), ...(page.Changes ?? [])];
      else first = { ...page, Changes: [...(page.Changes ?? [])] };
      nextToken = page.NextToken;
    } while (nextToken);
  } catch (error) {
    if ((error as Error).name === 'ChangeSetNotFoundException' || isMissingStack(error)) return undefined;
    throw error;
  }
  if (first?.Status === 'FAILED') {
    // CloudFormation fails a change set that changes nothing; any other failure is worth stopping on.
    if (/didn't contain changes|No updates are to be performed/i.test(first.StatusReason ?? ''))
      return undefined;
    throw new Error(
      `change set ${changeSetName} of ${stackName} FAILED: ${first.StatusReason ?? 'no reason given'}`,
    );
  }
  return first;
}

function isMissingStack(error: unknown): boolean {
  const e = error as Error;
  return e.name === 'ValidationError' && /does not exist/.test(e.message);
}
