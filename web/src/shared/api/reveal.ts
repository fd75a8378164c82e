import { client, data, type ApiBody } from './http';

/** The masked personal data of a case that can be viewed in full (查看完整), audited with a reason. */
export type RevealField = ApiBody<'/api/cases/{id}/reveal'>['field'];

export const revealApi = {
  reveal: (caseId: number, field: RevealField, reason: string) =>
    data(client.POST('/api/cases/{id}/reveal', { params: { path: { id: caseId } }, body: { field, reason } })),
};
