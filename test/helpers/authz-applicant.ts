/**
 * Applicant rows of the authorization matrix (test/integration/authz-matrix): the portal's account operations. The
 * sign-in steps are public (bodies their schemas refuse: 400, nothing sent); the rest need a portal session — every
 * staff session and no session answer 401 APPLICANT_SESSION_REQUIRED, the signed-in applicant gets past (unknown
 * entities 404, bodies refused 400). Logout ends the applicant's session: it runs last.
 */
export const APPLICANT_MATRIX: { method: string; url: string; body?: unknown; allowed: 'public' | 'applicant'; endsSession?: true; succeeds?: string }[] = [
  { method: 'GET', url: '/api/portal/auth/options', allowed: 'public' },
  { method: 'POST', url: '/api/portal/auth/code', body: { phone: 'x' }, allowed: 'public' },
  { method: 'POST', url: '/api/portal/auth/login', body: { phone: 'x', code: '0' }, allowed: 'public' },
  // without an identity service configured (the matrix's app): 404 OIDC_NOT_CONFIGURED for everyone
  { method: 'GET', url: '/api/portal/auth/oidc/start?returnTo=%2Fportal%2Fme', allowed: 'public' },
  { method: 'GET', url: '/api/portal/auth/oidc/callback?code=x&state=y', allowed: 'public' },
  { method: 'GET', url: '/api/portal/me', allowed: 'applicant' },
  { method: 'PUT', url: '/api/portal/me/real-name', body: { realName: '矩阵', idNumber: 'XXXXXXXXXXXXXXXXXX' }, allowed: 'applicant' },
  { method: 'POST', url: '/api/portal/entities', body: { uscc: 'x' }, allowed: 'applicant' },
  { method: 'GET', url: '/api/portal/entities/999999/members', allowed: 'applicant' },
  { method: 'POST', url: '/api/portal/entities/999999/agents', body: { phone: '13900009999' }, allowed: 'applicant' },
  { method: 'DELETE', url: '/api/portal/entities/999999/agents/999999', allowed: 'applicant' },
  { method: 'POST', url: '/api/portal/auth/logout', allowed: 'applicant', endsSession: true, succeeds: "ends the applicant's portal session (the matrix runs it last)" },
];
