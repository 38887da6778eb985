/** The one instance of each store, and the socket opened only while someone is signed in. */
import { api } from '../transport/api';
import { createBrowserConnection } from '../transport/socket';
import { LiveClient } from '../transport/live';
import { SessionStore } from './session';
import { CommandQueue } from './commandQueue';
import { followUserLanguage } from './language';

export const session = new SessionStore(api);
export const connection = createBrowserConnection();
export const commandQueue = new CommandQueue(typeof localStorage === 'undefined' ? null : localStorage);
export const live = new LiveClient(connection, commandQueue);

export function startApp(): void {
  followUserLanguage(session);
  session.subscribe(() => {
    if (session.getState().user) connection.start();
    else connection.stop();
  });
  // A refused socket usually means the session ended (signed out elsewhere, password reset).
  connection.onRefused(() => void session.load().catch(() => undefined));
  void session.load().catch(() => undefined);
}
