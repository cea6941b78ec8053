/** What `RegistryAdapter` needs: where the registry is, who it is, which setup, and how to stay fresh. */
export interface RegistryAdapterOptions {
  /** The registry's base URL, with its API prefix if it has one, e.g. `http://localhost:3000`. */
  registryUrl: string;
  /** A bearer token with the role `nevisMeta.authorizationServer`. */
  token: string;
  setupId: string;
  /** Default `oauthv2`. */
  module?: string;
  /** The registry's NATS JetStream settings; absent: polling. */
  nats?: { servers: string | string[]; stream?: string; subjectPrefix?: string };
  /** Polling period when no events flow; default 500 ms. */
  pollIntervalMs?: number;
  /** Longest an entry is kept while events flow; default 60 000 ms. */
  maxAgeMs?: number;
  /** Storage for the other models (a class or factory `(model) => adapter`); default in memory. */
  adapter?: unknown;
  /** Grant types to keep from the registry's list; default those node-oidc-provider implements. */
  grantTypes?: string[];
  logger?: { warn(message: string): void; error(message: string): void };
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export declare class RegistryAdapter {
  constructor(options: RegistryAdapterOptions);
  /** Pass to `new Provider(issuer, { adapter })`. */
  readonly adapter: (model: string) => unknown;
  start(): Promise<this>;
  attach<P>(provider: P): P;
  close(): Promise<void>;
}

export declare function createMemoryAdapter(): new (model: string) => unknown;
export declare const REGISTRY_CLIENT_METADATA: string[];
export declare function toProviderMetadata(configuration: object, grantTypes?: string[]): Record<string, unknown>;
