/**
 * A real OpenID provider for sign-in tests (oidc-provider 9, certified): the stand-in for the province's 统一身份认证,
 * on 127.0.0.1 over plain http, with one confidential client and an interaction that signs in the account a test
 * names and grants what was asked (no person at a keyboard). `follow` is the browser between the portal's start and
 * its callback.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

export interface OidcAccount {
  sub: string;
  name?: string;
  phone_number?: string;
  phone_number_verified?: boolean;
  cn_resident_id?: string;
}

export const OIDC_CLIENT = { id: 'yichuang-portal', secret: 'a-client-secret-of-at-least-32-bytes-for-tests' };
export const OIDC_REDIRECT_URI = 'http://portal.yichuang.test/api/portal/auth/oidc/callback';

export interface LocalProvider {
  issuer: string;
  /** the account the next sign-in logs in */
  signInAs(account: OidcAccount): void;
  /** follows redirects from `url` (with the provider's cookies) until one leaves for the portal: that URL */
  follow(url: string): Promise<URL>;
  /** the environment a portal needs to use this provider */
  env(): Record<string, string>;
  close(): Promise<void>;
}

export async function startOidcProvider(): Promise<LocalProvider> {
  const server = http.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const key = await exportJWK((await generateKeyPair('RS256', { extractable: true })).privateKey);
  let current: OidcAccount = { sub: 'nobody' };
  const accounts = new Map<string, OidcAccount>();

  const provider = new Provider(issuer, {
    clients: [{ client_id: OIDC_CLIENT.id, client_secret: OIDC_CLIENT.secret, redirect_uris: [OIDC_REDIRECT_URI], grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic' }],
    jwks: { keys: [{ ...key, use: 'sig', alg: 'RS256', kid: 'test' }] },
    cookies: { keys: ['oidc-test-cookie-key'] },
    claims: { openid: ['sub'], profile: ['name'], phone: ['phone_number', 'phone_number_verified'], cn_id: ['cn_resident_id'] },
    scopes: ['openid', 'profile', 'phone', 'cn_id'],
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 600, Grant: 600 },
    async findAccount(_ctx, sub) {
      const account = accounts.get(sub);
      return account ? { accountId: sub, claims: async () => ({ ...account }) } : undefined;
    },
  });

  async function interact(req: http.IncomingMessage, res: http.ServerResponse) {
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name === 'login') {
      accounts.set(current.sub, current);
      return provider.interactionFinished(req, res, { login: { accountId: current.sub } }, { mergeWithLastSubmission: false });
    }
    const grant = details.grantId ? (await provider.Grant.find(details.grantId))! : new provider.Grant({ accountId: details.session!.accountId, clientId: details.params.client_id as string });
    const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
  }
  const handle = provider.callback();
  server.on('request', (req, res) => {
    if (req.url?.startsWith('/interaction/')) interact(req, res).catch(() => { res.statusCode = 500; res.end(); });
    else handle(req, res);
  });

  return {
    issuer,
    signInAs(account) {
      current = account;
    },
    async follow(start) {
      const jar = new Map<string, string>();
      let url = start;
      for (let hop = 0; hop < 12; hop++) {
        if (url.startsWith(OIDC_REDIRECT_URI)) return new URL(url);
        const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
        const r = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
        for (const c of r.headers.getSetCookie()) {
          const pair = c.split(';')[0]!;
          const at = pair.indexOf('=');
          jar.set(pair.slice(0, at), pair.slice(at + 1));
        }
        const next = r.headers.get('location');
        if (!next) throw new Error(`the provider stopped at ${url}: ${r.status} ${await r.text()}`);
        url = new URL(next, url).href;
      }
      throw new Error('too many redirects');
    },
    env: () => ({
      OIDC_ISSUER: issuer, OIDC_CLIENT_ID: OIDC_CLIENT.id, OIDC_CLIENT_SECRET: OIDC_CLIENT.secret, OIDC_REDIRECT_URI,
      OIDC_SCOPES: 'openid profile phone cn_id', OIDC_ID_NUMBER_CLAIM: 'cn_resident_id', OIDC_ALLOW_HTTP: 'on',
    }),
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
