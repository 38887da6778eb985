/** The one instance of each store, and the socket opened only while someone is signed in. */
import { api } from '../transport/api';
import { createBrowserConnection } from '../transport/socket';
import { LiveClient } from '../transport/live';
import { SessionStore } from './session';
import { CommandQueue } from './commandQueue';
import { followUserLanguage } from './language';
import { NotificationStore } from './notifications';
import { MuteStore } from './mutes';
import { markSignedOut, takeSignedOutNotice } from './signedOut';

export const session = new SessionStore(api);
export const connection = createBrowserConnection();
export const commandQueue = new CommandQueue(typeof localStorage === 'undefined' ? null : localStorage);
export const live = new LiveClient(connection, commandQueue);
export const notifications = new NotificationStore(api, live);
export const mutes = new MuteStore(api);

export function startApp(): void {
  followUserLanguage(session);
  let notifiedUser: string | null = null;
  session.subscribe(() => {
    const user = session.getState().user;
    if (user) connection.start();
    else connection.stop();
    // The badge follows whoever is signed in, on every screen.
    if ((user?.id ?? null) !== notifiedUser) {
      notifiedUser = user?.id ?? null;
      if (user) notifications.start();
      else notifications.end();
    }
  });
  // A refused socket usually means the session ended (signed out elsewhere, password reset).
  connection.onRefused(() => {
    // The server ended this session (signed out elsewhere, password changed, deactivated): the
    // sign-in page that follows says so. Noted before reloading, as the page renders on reload.
    const wasSignedIn = session.getState().user !== null;
    if (wasSignedIn) markSignedOut();
    void session
      .load()
      .then((state) => {
        if (state.user) takeSignedOutNotice();
      })
      .catch(() => undefined);
  });
  void session.load().catch(() => undefined);
}

