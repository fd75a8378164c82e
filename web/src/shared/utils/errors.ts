import { ElMessage } from 'element-plus';
import { ApiError } from '@/shared/api/http';

/** Shows a failed call to the user with the server's (already localised) message. */
export function showError(err: unknown): void {
  const message = err instanceof ApiError ? err.message : err instanceof Error ? err.message : String(err);
  ElMessage.error({ message, grouping: true });
}

export function isApiError(err: unknown, code?: string): err is ApiError {
  return err instanceof ApiError && (code === undefined || err.code === code);
}
