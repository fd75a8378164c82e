import { http } from './http';

/** The masked personal data of a case that can be viewed in full (查看完整), audited with a reason. */
export type RevealField = 'applicantIdNo' | 'applicantPhone' | 'agentIdNo' | 'agentPhone';

export const revealApi = {
  reveal: (caseId: number, field: RevealField, reason: string) =>
    http.post<{ field: RevealField; value: string }>(`/api/cases/${caseId}/reveal`, { field, reason }),
};
