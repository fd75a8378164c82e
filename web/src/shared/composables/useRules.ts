import { useI18n } from 'vue-i18n';
import type { FormItemRule } from 'element-plus';
import { passwordMeetsPolicy } from '@common/password-policy';

/** An el-form validator: calls back with an Error to mark the field, with nothing to pass it. */
export type Validator = (rule: unknown, value: unknown, callback: (e?: Error) => void) => void;

/**
 * The el-form rules every form writes the same way, named by the i18n key of the field's label (read
 * them inside the `rules` computed, so a language switch rewrites the messages): `filled` — it must be
 * filled in, checked when it loses focus; `chosen` — something must be picked, checked when it changes;
 * `strongPassword` — a typed password must meet the password policy.
 */
export function useRules() {
  const { t } = useI18n();
  const filled = (key: string): FormItemRule => ({ required: true, message: t('common.requiredField', { field: t(key) }), trigger: 'blur' });
  const chosen = (key: string): FormItemRule => ({ required: true, message: t('common.selectField', { field: t(key) }), trigger: 'change' });
  const strongPassword = (): FormItemRule => ({
    validator: (_r: unknown, v: unknown, cb: (e?: Error) => void) =>
      typeof v === 'string' && !passwordMeetsPolicy(v) ? cb(new Error(t('password.rule'))) : cb(),
    trigger: 'blur',
  });
  return { filled, chosen, strongPassword };
}
