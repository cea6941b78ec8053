import type { ClientDefinition } from '@app/clients';
import type { ClientBodyDto } from './dto/client-body.dto';

/** Drops the documented read-only artefacts; the DTO has already checked every field. */
export function toClientDefinition(dto: Omit<ClientBodyDto, 'valid_from' | 'client_secret'>): ClientDefinition {
  const { notSentGrantType: _ignored, jwks, ...rest } = dto;
  return { ...rest, ...(jwks ? { jwks: { keys: jwks.keys.map((key) => ({ ...key })) } } : {}) } as ClientDefinition;
}
