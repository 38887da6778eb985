import { Component, type ReactNode } from 'react';
import { t } from '../i18n';

interface State {
  error: Error | null;
}

/** The page shown when rendering throws: never a blank screen. */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey: string }, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  componentDidUpdate(previous: { resetKey: string }) {
    if (previous.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }

  componentDidCatch(error: Error) {
    console.error('render failed', error);
  }

  render() {
    if (!this.state.error) return this.props.children;
    document.title = `${t('errorPage.title')} – ${t('app.name')}`;
    return (
      <>
        <h1 tabIndex={-1}>{t('errorPage.title')}</h1>
        <p>{t('errorPage.body')}</p>
        <p>
          <a href="/">{t('errorPage.home')}</a>
        </p>
      </>
    );
  }
}
