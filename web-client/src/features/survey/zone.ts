import { useSyncExternalStore } from 'react';
import { session } from '../../store/app';

/** The reader's own zone (their profile's), in which every opening and closing time is shown. */
export function useUserZone(): string | undefined {
  return useSyncExternalStore(session.subscribe, session.getState).user?.timeZone;
}
