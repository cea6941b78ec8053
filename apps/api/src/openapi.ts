import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { completeDocument } from './openapi/complete-document';

const DESCRIPTION = `OAuth 2.0 / OpenID Connect client registry speaking the nevisMeta V2 REST API.

**Start here.** Click *Authorize* and paste a bearer token: the admin token the service printed at its first start,
a token of API_TOKENS, or a JWT of the configured OpenID Connect issuer. Then, in order: *setups* → POST (create a
setup; copy the setupId of the answer), *clients* → POST with that setupId (every pre-filled example works as it is),
GET it, PUT it with the ETag of the GET as If-Match.

**Versioning.** Every create or edit writes a dated snapshot. Without valid_from (or with a past one) the change
takes effect at once; a future valid_from schedules it, and reads show it only from then on.

**Errors** are application/problem+json (RFC 9457) with a stable \`code\`; validation failures list every broken
field as a JSON pointer.`;

/** Swagger UI at /docs and the OpenAPI JSON at /docs-json, outside the API prefix. */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('oauth-registry')
    .setDescription(DESCRIPTION)
    .setVersion('2')
    .addServer('/', 'This service (paths include API_PREFIX when one is configured)')
    .addTag('setups', 'Authorization server configurations: the unit everything else belongs to. Start here.')
    .addTag('clients', 'OAuth clients of a setup, versioned by valid_from; the secret is shown once.')
    .addTag('resource servers', 'APIs of a setup and the scopes they declare, with their consent policies.')
    .addTag('snapshot history', 'Compare two snapshots (RFC 6902 patch, secrets masked) and restore an old one.')
    .addTag('configuration as code', 'Export a setup as one document, plan the changes a document makes, apply them.')
    .addTag('dynamic client registration', 'RFC 7591 registration of clients, in the standard request and answer.')
    .addTag('audit', 'Who changed what, and when (administrators).')
    .addTag('operations', 'Health probes and Prometheus metrics; no token needed.')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      description:
        'An API token (API_TOKENS, or the admin token printed at the first start) or a JWT of the configured OpenID Connect issuer.',
    })
    .build();
  // The package is UNLICENSED (not open source); whoever runs the service is the contact.
  config.info.license = { name: 'Proprietary (UNLICENSED)' };
  config.info.contact = { name: 'The team that operates this oauth-registry instance' };
  const document = completeDocument(
    SwaggerModule.createDocument(app, config, {
      operationIdFactory: (controller, method) =>
        `${controller.replace(/Controller$/, '').replace(/^./, (c) => c.toLowerCase())}_${method}`,
    }),
  );
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    useGlobalPrefix: false,
    swaggerOptions: { persistAuthorization: false, displayRequestDuration: true, tryItOutEnabled: false },
  });
}
