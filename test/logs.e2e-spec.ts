import type { LoggerService } from '@nestjs/common';
import { clientBody } from './factories/client.factory';
import { startTestApp, TEST_TOKENS } from './support/test-app';

/** Everything the service logs, at every level. */
class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];
  private capture = (...parts: unknown[]) => {
    this.lines.push(parts.map((p) => (p instanceof Error ? `${p.message}\n${p.stack}` : typeof p === 'string' ? p : JSON.stringify(p))).join(' '));
  };
  log = this.capture;
  error = this.capture;
  warn = this.capture;
  debug = this.capture;
  verbose = this.capture;
  fatal = this.capture;
}

describe('what the service logs', () => {
  it('never contains a client secret or a bearer token, through creates, edits, rotations, activations and refusals', async () => {
    const logger = new CapturingLogger();
    const t = await startTestApp('sqlite', { logLevel: 'verbose' }, undefined, undefined, logger);
    const secrets: string[] = [];
    try {
      const setupId = (await t.http.post('/v2/modules/oauthv2/setups').send({}).expect(201)).body.setupId;
      const clients = `/v2/modules/oauthv2/setups/${setupId}/clients`;
      const created = await t.http.post(clients).send(clientBody()).expect(201);
      secrets.push(created.body.client_secret);
      const supplied = 'a-supplied-secret-that-must-not-leak-0123456789';
      secrets.push(supplied);
      await t.http.put(`${clients}/${created.body.clientId}`).send(clientBody({ client_secret: supplied, valid_from: new Date(Date.now() + 300).toISOString() })).expect(200);
      secrets.push((await t.http.post(`${clients}/${created.body.clientId}/secret`).expect(200)).body.client_secret);
      // Refusals, with the secret in the refused body.
      await t.http.post(clients).send(clientBody({ client_secret: 'short-but-secret', confidentiality_type: 'weird' })).expect(400);
      await t.as('anonymous').get(clients).set('authorization', 'Bearer a-wrong-token-that-must-not-leak-0123456789').expect(401);
      secrets.push('short-but-secret', 'a-wrong-token-that-must-not-leak-0123456789');
      // Let the scheduled change activate, which logs.
      await new Promise((r) => setTimeout(r, 1500));
    } finally {
      await t.close();
    }
    expect(logger.lines.length).toBeGreaterThan(0);
    const everything = logger.lines.join('\n');
    for (const secret of [...secrets, ...Object.values(TEST_TOKENS)]) expect(everything).not.toContain(secret);
  });
});
