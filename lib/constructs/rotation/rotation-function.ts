import type { ShipshapeFunctionOptions } from '../platform/shipshape-function';

/**
 * What every rotation function shares: each rotation construct runs its handler as a
 * `ShipshapeFunction` with these options and alarms on its errors (`errorsAlarm`, MON-10).
 */
export const ROTATION_FUNCTION_OPTIONS = {
  // Rotations are rare and sequential; a cap also stops a runaway loop.
  reservedConcurrentExecutions: 2,
  // One statement on a key, however many rotation functions log with it.
  logsKeyStatementSid: 'AllowCloudWatchLogsForRotationFunctions',
  noDeadLetterQueueReason:
    'Secrets Manager invokes rotation functions synchronously; a DLQ only receives failed asynchronous invocations. A failed rotation raises RotationFailed and the Errors alarm.',
} as const satisfies Partial<ShipshapeFunctionOptions>;
