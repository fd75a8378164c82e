/**
 * 统一身份认证 (issue 16.1): the portal as an OpenID Connect relying party of the province's identity service —
 * authorization code with PKCE, state and nonce (openid-client 6, certified). The state, nonce and PKCE verifier of a
 * sign-in in progress travel in a short-lived cookie sealed with the session secret, so any node can finish a sign-in
 * another started. Claims are read from the ID token and userinfo (providers differ in which carries what).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import * as oidc from 'openid-client';
import { normaliseMobile, validateCitizenId, validateMobile } from '../../../common/validators.js';
import type { OidcConfig } from '../../config.js';
import type { Clock } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';

export const OIDC_COOKIE = 'yc_oidc';
/** A sign-in must come back within this long. */
export const OIDC_PENDING_SECONDS = 600;

interface Pending {
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
  exp: number;
}

/** What the portal takes from the identity service about the person. */
export interface OidcPerson {
  issuer: string;
  subject: string;
  phone: string | null;
  realName: string | null;
  idNumber: string | null;
}

/** A path inside the portal to go back to after signing in (never another site). */
export function safeReturnTo(raw: string | undefined): string {
  return raw && /^\/portal(\/[\w\-./?=&%]*)?$/.test(raw) && !raw.includes('//') ? raw : '/portal/me';
}

export class OidcSignIn {
  private configuration: Promise<oidc.Configuration> | null = null;

  constructor(
    private readonly config: OidcConfig,
    private readonly secret: () => string,
    private readonly clock: Clock,
  ) {}

  private nowSeconds(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }

  private discover(): Promise<oidc.Configuration> {
    this.configuration ??= oidc
      .discovery(
        new URL(this.config.issuer),
        this.config.clientId,
        this.config.clientSecret || undefined,
        this.config.clientSecret ? oidc.ClientSecretBasic(this.config.clientSecret) : oidc.None(),
        this.config.allowHttp ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .catch((err: unknown) => {
        this.configuration = null; // the provider may be back on the next try
        throw err;
      });
    return this.configuration;
  }

  private seal(p: Pending): string {
    const body = Buffer.from(JSON.stringify(p)).toString('base64url');
    return `${body}.${createHmac('sha256', this.secret()).update(`oidc:${body}`).digest('base64url')}`;
  }

  private open(cookie: string | undefined): Pending {
    const [body, mac] = (cookie ?? '').split('.');
    if (!body || !mac) throw new AppError('OIDC_FAILED', { reason: '登录已过期' });
    const expected = Buffer.from(createHmac('sha256', this.secret()).update(`oidc:${body}`).digest('base64url'));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new AppError('OIDC_FAILED', { reason: '登录已过期' });
    const p = JSON.parse(Buffer.from(body, 'base64url').toString()) as Pending;
    if (p.exp < this.nowSeconds()) throw new AppError('OIDC_FAILED', { reason: '登录已过期' });
    return p;
  }

  /** Where to send the browser, and the cookie that lets the callback finish (state, nonce, PKCE verifier). */
  async start(returnTo: string | undefined): Promise<{ url: string; cookie: string }> {
    const configuration = await this.discover().catch(() => {
      throw new AppError('OIDC_FAILED', { reason: '统一身份认证服务暂不可用' });
    });
    const verifier = oidc.randomPKCECodeVerifier();
    const pending: Pending = { state: oidc.randomState(), nonce: oidc.randomNonce(), verifier, returnTo: safeReturnTo(returnTo), exp: this.nowSeconds() + OIDC_PENDING_SECONDS };
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.config.redirectUri,
      scope: this.config.scopes,
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, cookie: this.seal(pending) };
  }

  /** The provider's answer at the callback URL: the person, and where the sign-in should land. */
  async finish(callbackUrl: URL, cookie: string | undefined): Promise<{ person: OidcPerson; returnTo: string }> {
    const pending = this.open(cookie);
    const configuration = await this.discover();
    let claims: Record<string, unknown>;
    try {
      const tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: pending.verifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true,
      });
      const idClaims = tokens.claims()!;
      const info = await oidc.fetchUserInfo(configuration, tokens.access_token, idClaims.sub);
      claims = { ...idClaims, ...info };
    } catch (err) {
      const reason = err instanceof oidc.AuthorizationResponseError ? `认证服务拒绝：${err.error}` : '认证结果无法核验';
      throw new AppError('OIDC_FAILED', { reason });
    }
    return { person: personOf(configuration.serverMetadata().issuer, claims, this.config.idNumberClaim, this.clock.today()), returnTo: pending.returnTo };
  }
}

/** The person in the claims: a verified mobile number, and a name with a valid citizen ID number when given. */
export function personOf(issuer: string, claims: Record<string, unknown>, idNumberClaim: string, today: string): OidcPerson {
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
  const phoneRaw = str(claims.phone_number);
  const phone = phoneRaw && claims.phone_number_verified !== false ? normaliseMobile(phoneRaw) : null;
  const id = str(claims[idNumberClaim]);
  const checked = id ? validateCitizenId(id, { today }) : null;
  const realName = str(claims.name);
  return {
    issuer,
    subject: String(claims.sub),
    phone: phone && validateMobile(phone) ? phone : null,
    realName: checked?.ok && realName ? realName : null,
    idNumber: checked?.ok && realName ? checked.normalised : null,
  };
}
