import { ref } from 'vue';
import { showError } from '@/shared/utils/errors';

/** A load behind a spinner: `run(task)` holds `loading` true while the task runs and shows the error it throws. */
export function useLoading() {
  const loading = ref(false);
  async function run(task: () => Promise<unknown>): Promise<void> {
    loading.value = true;
    try {
      await task();
    } catch (err) {
      showError(err);
    } finally {
      loading.value = false;
    }
  }
  return { loading, run };
}
