/** The Stage construct id of an environment: "prod" → "Prod" (stacks are then Prod/Network, ...). */
export function stageId(environment: string): string {
  return environment
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** `-c env=<name>` names no environment of the config. */
export class UnknownEnvironmentError extends Error {}

/** Throws {@link UnknownEnvironmentError}, naming the allowed environments, unless `only` is one of `names`. */
export function checkSelection(names: readonly string[], only: string | undefined): void {
  if (only !== undefined && !names.includes(only)) {
    throw new UnknownEnvironmentError(`-c env=${only}: unknown environment; allowed: ${names.join(', ')}`);
  }
}
