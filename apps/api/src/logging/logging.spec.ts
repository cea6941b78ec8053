import type { IncomingMessage } from 'node:http';
import { assignRequestId } from './logging';

const request = (headers: Record<string, string> = {}) => ({ headers }) as unknown as IncomingMessage;

describe('assignRequestId', () => {
  it('keeps an incoming X-Request-Id made of safe characters, up to 128 of them', () => {
    for (const id of [
      'abc',
      'a1b2c3d4-e5f6-4711-8899-aabbccddeeff',
      'Root=1-5759e988-bd862e3fe1be46a994272793',
      'svc/a:b@c~d+e.f_g',
      'x'.repeat(128),
    ]) {
      expect(assignRequestId(request({ 'x-request-id': id }))).toBe(id);
    }
  });

  it('generates a UUID for a missing, empty, long or unsafe one, and leaves it on the request for pino-http', () => {
    for (const headers of [
      {} as Record<string, string>,
      { 'x-request-id': '' },
      { 'x-request-id': 'x'.repeat(129) },
      { 'x-request-id': 'a b' },
      { 'x-request-id': 'a"}' },
      { 'x-request-id': 'ä' },
    ]) {
      const raw = request(headers);
      const id = assignRequestId(raw);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect((raw as unknown as { id: string }).id).toBe(id);
    }
  });
});
