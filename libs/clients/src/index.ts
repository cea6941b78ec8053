export { ClientsModule } from './clients.module';
export * from './client-definition';
export { CreateClientCommand, type CreateClientResult } from './commands/create-client/create-client.command';
export { ClientCreatedEvent } from './events/client-created.event';
export { ClientEntity } from './entities/client.entity';
export { ClientSnapshotEntity } from './entities/client-snapshot.entity';
export { ClientSecretCipher } from './secrets';
export { type SeedShapedJwk } from './keys/normalise-jwk';
export { MAX_REDIRECT_URI_LENGTH } from './rules/redirect-uris';
