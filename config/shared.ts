import type { ShipshapeConfigInput } from '../lib/config';

/**
 * Settings every environment shares. Each environment file spreads what it needs from here and
 * states everything that differs; validation (lib/config) fills in the remaining defaults.
 */
export const shared = {
  service: {
    image: { source: 'ecr', tag: '1.0.0', keepImages: 30 },
    containerPort: 8000,
    // HTTPS to AWS APIs and third parties, SMTP submission for email alerts sent by the API.
    egressPorts: [443, 587],
    healthCheckPath: '/api/health',
    healthPaths: ['/', '/api/health', '/api/health/db'],
    secrets: [
      { name: 'SMTP_PASSWORD', description: 'SMTP password for email alerts sent by the API' },
      { name: 'SENTRY_DSN', description: 'Error-tracker DSN' },
      { name: 'OPENAI_API_KEY', description: 'AI-provider API key' },
      { name: 'OAUTH_CLIENT_SECRET', description: 'OAuth (Entra ID) client secret' },
    ],
    environment: {
      SMTP_HOST: 'email-smtp.eu-west-1.amazonaws.com',
      SMTP_PORT: '587',
      SMTP_USER: 'alerts@example.com',
    },
  },
} satisfies Partial<ShipshapeConfigInput>;
