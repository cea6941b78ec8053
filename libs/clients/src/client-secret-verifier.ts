import { timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ClientTimeline } from './client.timeline';
import { ClientSecretCipher } from './client-secrets';

/**
 * Answers whether a secret is valid for a client at an instant: the secret of the configuration in
 * force, or, until its grace period ends, the one a rotation replaced. What an authorization server
 * integrated with the registry asks; the registry's own API never returns a secret.
 */
@Injectable()
export class ClientSecretVerifier {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly timeline: ClientTimeline,
    private readonly cipher: ClientSecretCipher,
  ) {}

  async verify(clientId: string, secret: string, at: Date): Promise<boolean> {
    const em = this.dataSource.manager;
    const entity = await this.timeline.load(em, clientId);
    const active = await this.timeline.inForceAt(em, clientId, at);
    const candidates = [active?.secretEnc];
    if (entity.previousSecretEnc && entity.previousSecretExpiresAt && at < entity.previousSecretExpiresAt)
      candidates.push(entity.previousSecretEnc);
    let valid = false;
    for (const sealed of candidates) if (sealed && equal(this.cipher.decrypt(sealed, clientId), secret)) valid = true;
    return valid;
  }
}

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
