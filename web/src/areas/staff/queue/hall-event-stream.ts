import { onBeforeUnmount, type Ref } from 'vue';
import { queuePublicApi, type BoardEvent } from '@/shared/api/queue';

const STREAM_RETRY_MS = 5_000;

/**
 * The hall's live queue events for a staff screen: from the board's last event on, each event once (a
 * reconnect replays), the stream reopened after a pause when it closes or cannot start. `start` opens it;
 * it closes when the screen unmounts.
 */
export function useHallEventStream(siteId: Ref<number | null>, onEvent: (e: BoardEvent) => void) {
  let source: EventSource | null = null;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let lastEventId = 0;
  let stopped = false;

  function receive(e: BoardEvent) {
    if (e.id <= lastEventId) return;
    lastEventId = e.id;
    onEvent(e);
  }

  async function subscribe(): Promise<void> {
    source?.close();
    source = null;
    if (siteId.value === null || stopped) return;
    const site = siteId.value;
    try {
      lastEventId = (await queuePublicApi.board(site)).lastEventId;
    } catch {
      retry = setTimeout(() => void subscribe(), STREAM_RETRY_MS);
      return;
    }
    if (stopped) return;
    const es = queuePublicApi.stream(site, lastEventId, receive);
    source = es;
    es.onerror = () => {
      if (es.readyState === EventSource.CLOSED) retry = setTimeout(() => void subscribe(), STREAM_RETRY_MS);
    };
  }

  onBeforeUnmount(() => {
    stopped = true;
    source?.close();
    clearTimeout(retry);
  });
  return { start: () => void subscribe() };
}
