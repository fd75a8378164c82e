/** The applicant part of the intake form and its identifier checks (GB 11643 / GB 32100). */
import type { ApplicantType } from '@common/cases';
import type { PersonInput } from '@/shared/api/cases';
import { normaliseCitizenId, normaliseMobile, normaliseUscc, validateCitizenId, validateMobile, validateUscc } from '@common/validators';

export interface ApplicantDraft {
  type: ApplicantType;
  name: string;
  idNo: string;
  phone: string;
  hasAgent: boolean;
  agent: { name: string; idNo: string; phone: string };
}

export function emptyApplicant(type: ApplicantType = 'person'): ApplicantDraft {
  return { type, name: '', idNo: '', phone: '', hasAgent: false, agent: { name: '', idNo: '', phone: '' } };
}

/** i18n key of what is wrong with an ID number, or null when it is valid. */
export function citizenIdError(value: string): string | null {
  const r = validateCitizenId(value);
  return r.ok ? null : `casesFront.validate.citizenId.${r.reason}`;
}

export function usccError(value: string): string | null {
  const r = validateUscc(value);
  return r.ok ? null : `casesFront.validate.uscc.${r.reason}`;
}

/** GB 11714 organisation-code mismatch inside a valid USCC: a warning only. */
export function usccWarning(value: string): string | null {
  const r = validateUscc(value);
  return r.ok && r.warnings.includes('ORG_CODE_CHECKSUM') ? 'casesFront.validate.uscc.orgCode' : null;
}

export function mobileError(value: string): string | null {
  return validateMobile(normaliseMobile(value)) ? null : 'casesFront.validate.mobile';
}

export function normaliseIdNo(type: 'citizen' | 'uscc', value: string): string {
  return type === 'citizen' ? normaliseCitizenId(value) : normaliseUscc(value);
}

function person(p: { name: string; idNo: string; phone: string }, idType: 'citizen' | 'uscc'): PersonInput {
  return { name: p.name.trim(), idNo: normaliseIdNo(idType, p.idNo), phone: normaliseMobile(p.phone) };
}

export function applicantBody(d: ApplicantDraft): { applicantType: ApplicantType; applicant: PersonInput; agent: PersonInput | null } {
  return {
    applicantType: d.type,
    applicant: person(d, d.type === 'person' ? 'citizen' : 'uscc'),
    agent: d.hasAgent ? person(d.agent, 'citizen') : null,
  };
}
