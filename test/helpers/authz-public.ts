/**
 * Public rows of the authorization matrix (test/integration/authz-matrix): operations whose route says
 * `config: { public: true }` — health, the login steps, the portal, the progress lookup, the hall screens and
 * kiosk, appointments, 好差评 links and the light board. Everyone may call them, with a session of any role or
 * with none. Unknown ids, sites and tokens make each call fail harmlessly (404); the login steps get bodies their
 * schemas refuse (400), so no failed login is counted against the test's address.
 */
const KEY = 'matrix-public-0001';
const NO_TOKEN = 'matrixnotatoken0';

export const PUBLIC_MATRIX: { method: string; url: string; body?: unknown; allowed: 'public' }[] = [
  { method: 'GET', url: '/api/health', allowed: 'public' },
  { method: 'GET', url: '/api/health/live', allowed: 'public' },
  { method: 'GET', url: '/api/health/ready', allowed: 'public' },
  { method: 'POST', url: '/api/auth/login', body: { username: '', password: '' }, allowed: 'public' },
  { method: 'POST', url: '/api/auth/login/code', body: { ticket: 'x', code: '0' }, allowed: 'public' },
  { method: 'POST', url: '/api/auth/login/enrolment', body: { ticket: 'x' }, allowed: 'public' },
  { method: 'POST', url: '/api/auth/login/enrolment/confirm', body: { ticket: 'x', code: '0' }, allowed: 'public' },
  { method: 'GET', url: '/api/public/sites', allowed: 'public' },
  { method: 'GET', url: '/api/public/windows?siteId=999999', allowed: 'public' },
  { method: 'GET', url: '/api/catalog/search?q=%E8%90%A5%E4%B8%9A', allowed: 'public' },
  { method: 'GET', url: '/api/public/guide/999999', allowed: 'public' },
  { method: 'GET', url: '/api/public/bundles', allowed: 'public' },
  { method: 'GET', url: '/api/public/bundles/999999', allowed: 'public' },
  { method: 'GET', url: '/api/public/life-events', allowed: 'public' },
  { method: 'GET', url: '/api/public/files/999999', allowed: 'public' },
  { method: 'GET', url: '/api/public/progress/MATRIX-0000?phone4=0000', allowed: 'public' },
  { method: 'GET', url: '/api/public/queue/kiosk?siteId=999999', allowed: 'public' },
  { method: 'POST', url: '/api/public/queue/tickets', body: { siteId: 999999, clientKey: KEY, category: 'citizen' }, allowed: 'public' },
  { method: 'GET', url: `/api/public/queue/tickets/${NO_TOKEN}`, allowed: 'public' },
  { method: 'GET', url: '/api/public/queue/board?siteId=999999', allowed: 'public' },
  // an unknown site answers 404 before the event stream opens
  { method: 'GET', url: '/api/public/queue/stream?siteId=999999', allowed: 'public' },
  { method: 'GET', url: '/api/public/appointments/days?siteId=999999', allowed: 'public' },
  { method: 'GET', url: '/api/public/appointments/slots?siteId=999999&category=citizen&day=2099-12-01', allowed: 'public' },
  { method: 'POST', url: '/api/public/appointments', body: { slotId: 999999, name: '张三', idNo: '11010519491231002X', phone: '13912345678', clientKey: KEY }, allowed: 'public' },
  { method: 'POST', url: '/api/public/appointments/cancel', body: { code: '000000', idNo: '11010519491231002X' }, allowed: 'public' },
  { method: 'GET', url: '/api/public/ratings/window/999999', allowed: 'public' },
  { method: 'GET', url: `/api/public/ratings/${NO_TOKEN}`, allowed: 'public' },
  { method: 'POST', url: '/api/public/ratings', body: { token: NO_TOKEN, level: 5, channel: 'portal' }, allowed: 'public' },
  { method: 'GET', url: '/api/public/lights/board?siteId=999999', allowed: 'public' },
];
