import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One structured logger per Lambda. Only ids, labels, step names and error names go into it:
 * secret values never do (the tests capture stdout/stderr and assert that).
 */
export function createLogger(serviceName: string): Logger {
  return new Logger({ serviceName });
}
