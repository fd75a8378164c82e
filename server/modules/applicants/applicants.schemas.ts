/** Request and answer schemas of the portal's applicant accounts (one definition each; the web's types come from them). */
import { Type } from 'typebox';
import { ErrorBody, Nullable, Text } from '../../platform/schemas.js';

export const Phone = Type.String({ minLength: 11, maxLength: 20, pattern: '^[0-9+ -]+$', description: '11 位手机号码（可带 +86）' });
export const SmsCode = Type.String({ minLength: 6, maxLength: 6, pattern: '^[0-9]{6}$' });

export const ApplicantProfileSchema = Type.Object({
  id: Type.Integer(),
  phone: Type.String({ description: '脱敏手机号' }),
  realName: Nullable(Type.String()),
  idNumber: Nullable(Type.String({ description: '脱敏身份证号' })),
  verified: Type.Boolean({ description: '已完成实名' }),
  verifiedBy: Nullable(Type.Union([Type.Literal('self'), Type.Literal('oidc')], { description: 'self 本人填报并校验 / oidc 统一身份认证' })),
});

export const EntityRoleSchema = Type.Union([Type.Literal('legal_rep'), Type.Literal('agent')], { description: 'legal_rep 法定代表人 / agent 经办人' });
export const EntitySchema = Type.Object({
  id: Type.Integer(),
  uscc: Type.String(),
  name: Type.String(),
  legalRepName: Nullable(Type.String({ description: '脱敏' })),
  role: EntityRoleSchema,
});
export const MemberSchema = Type.Object({
  applicantId: Type.Integer(),
  role: EntityRoleSchema,
  realName: Nullable(Type.String({ description: '脱敏' })),
  phone: Type.String({ description: '脱敏' }),
  grantedAt: Type.String({ format: 'date-time' }),
  revokedAt: Nullable(Type.String({ format: 'date-time' })),
});

export const PortalSessionSchema = Type.Object({ applicant: ApplicantProfileSchema, csrfToken: Type.String(), entities: Type.Array(EntitySchema) });
export const CodeSentSchema = Type.Object({ expiresInSeconds: Type.Integer(), resendAfterSeconds: Type.Integer() });
export const SignInOptionsSchema = Type.Object({ oidc: Type.Boolean({ description: '已接入统一身份认证' }), codeLength: Type.Integer() });

export const CodeBody = Type.Object({ phone: Phone }, { additionalProperties: false });
export const SignInBody = Type.Object({ phone: Phone, code: SmsCode }, { additionalProperties: false });
export const RealNameBody = Type.Object({ realName: Text(30, 2), idNumber: Type.String({ minLength: 15, maxLength: 20, pattern: '^[0-9Xx ]+$' }) }, { additionalProperties: false });
export const EntityBody = Type.Object({ uscc: Type.String({ minLength: 18, maxLength: 20, pattern: '^[0-9A-Za-z ]+$' }), name: Text(100, 2), legalRepName: Text(30, 2) }, { additionalProperties: false });
export const AgentBody = Type.Object({ phone: Phone }, { additionalProperties: false });

export const throttled = { 429: ErrorBody };
