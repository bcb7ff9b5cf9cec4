/** Environment variables Shipshape sets itself on the API container; config may not override them. */
export const RESERVED_ENV_VARS = [
  'ENVIRONMENT',
  'DEBUG',
  'AUTH_ENABLED',
  'CORS_ORIGINS',
  'LOG_LEVEL',
  'DB_HOST',
  'DB_PORT',
  'DB_NAME',
  'DB_SSLMODE',
  'CACHE_HOST',
  'CACHE_PORT',
  'CACHE_TLS',
  'MODEL_BUCKET',
] as const;
