/** Which written voucher a case at the front desk gets, and where its print page is. */
import type { CaseStatus } from '@common/cases';

export type VoucherKind = 'receipt' | 'correction' | 'refusal';

/** 补正中 → 补正告知书; 不予受理 → 不予受理通知书; anything accepted → 受理回执. */
export function voucherOf(status: CaseStatus): VoucherKind {
  if (status === 'correction') return 'correction';
  if (status === 'refused') return 'refusal';
  return 'receipt';
}

/** The print page of one case's voucher; `more` prints further cases of the same visit after it. */
export function voucherHref(kind: VoucherKind, id: number, more: number[] = []): string {
  const base = `/cases/${id}/print/${kind}`;
  return more.length ? `${base}?more=${more.join(',')}` : base;
}
