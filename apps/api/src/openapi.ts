import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** Swagger UI at /docs and the OpenAPI JSON at /docs-json, outside the API prefix. */
export function setupOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('oauth-registry')
      .setDescription(
        'OAuth 2.0 / OpenID Connect client registry speaking the nevisMeta V2 REST API. Every change is a dated snapshot; a future valid_from schedules it. Errors are application/problem+json with a stable code.',
      )
      .setVersion('2')
      .addBearerAuth({
        type: 'http',
        scheme: 'bearer',
        description:
          'An API token (API_TOKENS, or the admin token printed at the first start) or a JWT of the configured OpenID Connect issuer.',
      })
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', useGlobalPrefix: false });
}
