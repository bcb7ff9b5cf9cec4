/** The Stage construct id of an environment: "prod" → "Prod" (stacks are then Prod/Network, ...). */
export function stageId(environment: string): string {
  return environment
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
