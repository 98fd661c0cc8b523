import type { ApiEvents, EventName } from '../../shared/api';

/**
 * Delivers one event to one renderer. Resolves when the transport has taken it (so a reader can
 * pace itself), with false once the renderer is gone; it never rejects.
 */
export type EventSender = <N extends EventName>(name: N, payload: ApiEvents[N]) => Promise<boolean>;
