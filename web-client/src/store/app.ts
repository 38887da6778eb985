/** The one instance of each store, and the socket opened only while someone is signed in. */
import { api } from '../transport/api';
import { createBrowserConnection } from '../transport/socket';
import { SessionStore } from './session';
import { followUserLanguage } from './language';

export const session = new SessionStore(api);
export const connection = createBrowserConnection();

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
