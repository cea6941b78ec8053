import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { OutboxConfig } from '@app/core';
import { freePort } from './nats';
import { TEST_TOKENS } from './test-app';

const ADAPTER_DIR = join(__dirname, '..', '..', 'packages', 'oidc-provider-adapter');

/** Fails with what to do when the adapter package's own dependencies (oidc-provider among them) are missing. */
export function assertAdapterInstalled(): void {
  if (!existsSync(join(ADAPTER_DIR, 'node_modules', 'oidc-provider', 'package.json'))) {
    throw new Error(
      'packages/oidc-provider-adapter has no node_modules: run `npm ci --prefix packages/oidc-provider-adapter` (`npm test` does it first)',
    );
  }
}

export interface AuthorizationServer {
  issuer: string;
  stop(): Promise<void>;
}

/**
 * The example authorization server (node-oidc-provider with the registry adapter) as a child process on
 * a free port, reading the registry at `registryUrl` with the authorization-server token; it follows the
 * registry's events on `nats` when given, and polls otherwise.
 */
export async function startAuthorizationServer(options: {
  registryUrl: string;
  setupId: string;
  nats?: OutboxConfig;
  scopes?: string;
}): Promise<AuthorizationServer> {
  assertAdapterInstalled();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    PORT: '0',
    REGISTRY_URL: options.registryUrl.replace('[::1]', '127.0.0.1'),
    REGISTRY_TOKEN: TEST_TOKENS.authorizationServer,
    REGISTRY_SETUP_ID: options.setupId,
    SCOPES: options.scopes ?? 'openid offline_access profile api:read',
    ...(options.nats
      ? {
          NATS_URL: options.nats.servers.join(','),
          NATS_STREAM: options.nats.stream,
          NATS_SUBJECT_PREFIX: options.nats.subjectPrefix,
        }
      : {}),
  };
  // The issuer must name the port, which the server only knows once listening: a free port is chosen here.
  const port = await freePort();
  env.PORT = String(port);
  env.ISSUER = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [join(ADAPTER_DIR, 'test', 'run-example.js')], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (chunk) => (output += chunk));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      if (/listening \d+/.test(output)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the authorization server exited (${code}):\n${output}`)));
  });
  return { issuer: env.ISSUER, stop: () => stop(child) };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

export interface TokenAnswer {
  status: number;
  body: Record<string, unknown>;
}

async function tokenRequest(issuer: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** client_credentials with client_secret_basic (RFC 6749 §2.3.1: form-urlencoded id and secret). */
export function clientCredentials(issuer: string, clientId: string, secret: string, scope?: string) {
  const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64');
  return tokenRequest(
    issuer,
    { grant_type: 'client_credentials', ...(scope ? { scope } : {}) },
    { authorization: `Basic ${basic}` },
  );
}

/** client_credentials authenticated with a private_key_jwt client assertion. */
export function clientCredentialsWithAssertion(issuer: string, assertion: string) {
  return tokenRequest(issuer, {
    grant_type: 'client_credentials',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: assertion,
  });
}

/** A browser's cookie jar, enough for the provider's interaction cookies. */
class Cookies {
  private readonly jar = new Map<string, string>();

  take(res: Response): void {
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const i = pair.indexOf('=');
      this.jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  }

  get header(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/**
 * The authorization request of a public client with PKCE (S256): answers the provider's status when it
 * refuses the request itself (e.g. 400 for an unregistered redirect_uri), else signs in and consents
 * through the provider's interaction pages, as a browser would, and redeems the code.
 */
export async function authorizationCodeWithPkce(
  issuer: string,
  clientId: string,
  redirectUri: string,
): Promise<{ refusedWith?: number; token?: TokenAnswer }> {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = randomBytes(8).toString('hex');
  const cookies = new Cookies();
  const get = async (url: string) => {
    const res = await fetch(new URL(url, issuer), { redirect: 'manual', headers: { cookie: cookies.header } });
    cookies.take(res);
    return res;
  };
  const authorize = new URL('/auth', issuer);
  authorize.search = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: 'openid',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  let res = await get(authorize.toString());
  if (res.status !== 303 && res.status !== 302) return { refusedWith: res.status };
  for (let step = 0; step < 6; step += 1) {
    const location = res.headers.get('location')!;
    if (location.startsWith(redirectUri)) {
      const params = new URL(location).searchParams;
      if (params.get('state') !== state || !params.get('code')) throw new Error(`unexpected redirect ${location}`);
      const token = await tokenRequest(issuer, {
        grant_type: 'authorization_code',
        code: params.get('code')!,
        redirect_uri: redirectUri,
        code_verifier: verifier,
        client_id: clientId,
      });
      return { token };
    }
    const page = await get(location);
    const html = await page.text();
    const uid = /\/interaction\/([^/?#]+)/.exec(location)?.[1];
    if (uid) {
      // The provider's development pages: a sign-in form (prompt=login), then a consent form (prompt=consent).
      const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
      if (!prompt) throw new Error(`no interaction form at ${location} (${page.status})`);
      const form: Record<string, string> =
        prompt === 'login' ? { prompt, login: 'alice', password: 'any' } : { prompt };
      res = await fetch(new URL(`/interaction/${uid}`, issuer), {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: cookies.header, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
      });
      cookies.take(res);
      res = await get(res.headers.get('location')!);
    } else {
      res = page;
    }
  }
  throw new Error('the authorization flow did not reach the redirect URI');
}
