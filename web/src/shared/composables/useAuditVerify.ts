import { ref } from 'vue';
import type { AuditVerifyView } from '@/shared/api/ops';
import { auditApi } from '@/shared/api/ops';
import { showError } from '@/shared/utils/errors';

/** 「校验审计链」: asks the server to re-hash the whole audit trail and keeps the answer. */
export function useAuditVerify() {
  const verifying = ref(false);
  const result = ref<AuditVerifyView | null>(null);

  async function verify(): Promise<void> {
    verifying.value = true;
    try {
      result.value = await auditApi.verify();
    } catch (err) {
      showError(err);
    } finally {
      verifying.value = false;
    }
  }

  return { verifying, result, verify };
}
