import { useEffect, useId, useLayoutEffect, useRef, useState, useSyncExternalStore, type KeyboardEvent, type RefObject } from 'react';
import { FOLLOW_LEVELS, parsePeople, type FollowLevel, type Person } from '../../protocol/discussion';
import { api } from '../../transport/api';
import { session } from '../../store/app';
import { addPick, comboKey, insertMention, mentionQuery } from '../../store/mentions';
import { useT } from '../../ui/i18n';
import { problemMessage } from '../../ui/forms';

/** Facilitators and administrators moderate. */
export function useIsModerator(): boolean {
  const { user } = useSyncExternalStore(session.subscribe, session.getState);
  return user?.role === 'administrator' || user?.role === 'facilitator';
}

export function useIsAdministrator(): boolean {
  const { user } = useSyncExternalStore(session.subscribe, session.getState);
  return user?.role === 'administrator';
}

/** "Suivi": following / default / muted (and, for a theme, mailing list), saved with PUT `path` at each change. */
export function FollowControl({
  path,
  level,
  onChange,
  levels = FOLLOW_LEVELS,
}: {
  path: string;
  level: FollowLevel;
  onChange: (level: FollowLevel) => void;
  levels?: readonly FollowLevel[];
}) {
  const t = useT();
  const name = useId();
  const [status, setStatus] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  function choose(next: FollowLevel) {
    const before = level;
    onChange(next);
    setProblem(null);
    setStatus('');
    api
      .request('PUT', path, { level: next })
      .then(() => setStatus(t('follow.saved')))
      .catch((error) => {
        onChange(before);
        setProblem(problemMessage(error, t));
      });
  }

  return (
    <fieldset className="follow">
      <legend>{t('follow.legend')}</legend>
      {levels.map((l) => (
        <span key={l} className="radio">
          <input type="radio" id={`${name}-${l}`} name={name} value={l} checked={level === l} onChange={() => choose(l)} />
          <label htmlFor={`${name}-${l}`}>{t(`follow.${l}`)}</label>
        </span>
      ))}
      <span role="status" className="visually-hidden">
        {status}
      </span>
      {problem ? (
        <p role="alert" className="problem">
          {problem}
        </p>
      ) : null}
    </fieldset>
  );
}

/**
 * A textarea with the `@` autocomplete: typing "@" and letters lists people (GET /api/people),
 * arrows move, Enter or Tab picks, Escape closes. The textarea carries aria-autocomplete,
 * aria-controls and aria-activedescendant (HTML does not allow role="combobox" or aria-expanded on
 * a textarea); the listbox's presence and size are announced in a status line.
 */
export function MentionTextarea({
  id,
  value,
  onChange,
  onPick,
  textarea,
  rows = 5,
  describedBy,
  invalid,
  onKeyDown,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  onPick: (person: Person) => void;
  textarea?: RefObject<HTMLTextAreaElement | null>;
  rows?: number;
  describedBy?: string;
  invalid?: boolean;
  onKeyDown?: (event: KeyboardEvent<HTMLTextAreaElement>) => void;
}) {
  const t = useT();
  const own = useRef<HTMLTextAreaElement>(null);
  const ref = textarea ?? own;
  const [query, setQuery] = useState<{ start: number; query: string } | null>(null);
  const [options, setOptions] = useState<Person[]>([]);
  const [active, setActive] = useState(-1);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const listId = `${id}-people`;
  const open = query !== null && options.length > 0;

  useEffect(() => {
    if (!query) {
      setOptions([]);
      return;
    }
    let stale = false;
    const timer = setTimeout(() => {
      api
        .get(`/api/people?q=${encodeURIComponent(query.query)}`)
        .then((body) => {
          if (stale) return;
          const people = parsePeople(body);
          setOptions(people);
          setActive(people.length ? 0 : -1);
        })
        .catch(() => {
          if (!stale) setOptions([]);
        });
    }, 150);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [query?.start, query?.query]); // eslint-disable-line react-hooks/exhaustive-deps

  function track(text: string, caret: number) {
    const found = mentionQuery(text, caret);
    if (found && found.start === dismissedAt) return setQuery(null);
    if (!found) setDismissedAt(null);
    setQuery(found);
  }

  // The caret goes after the inserted name as soon as the new value is in the DOM, before the
  // next key is handled: placed on a later animation frame, it moved back over what a fast
  // typist had already typed after the name, and mixed the words up.
  const caretAfterPick = useRef<number | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    const caret = caretAfterPick.current;
    if (el === null || caret === null) return;
    caretAfterPick.current = null;
    el.focus();
    el.setSelectionRange(caret, caret);
  }, [value, ref]);

  function pick(person: Person) {
    const el = ref.current;
    if (!query || !el) return;
    const caret = el.selectionStart ?? value.length;
    const next = insertMention(value, query.start, caret, person.displayName);
    caretAfterPick.current = next.caret;
    onChange(next.text);
    onPick(person);
    setQuery(null);
    setOptions([]);
  }

  function keyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (open) {
      const action = comboKey(event.key, active, options.length);
      if (action) {
        event.preventDefault();
        if (action.kind === 'move') setActive(action.active);
        else if (action.kind === 'choose') pick(options[action.active]);
        else {
          setDismissedAt(query?.start ?? null);
          setQuery(null);
        }
        return;
      }
    }
    onKeyDown?.(event);
  }

  return (
    <div className="mention-field">
      <textarea
        ref={ref}
        id={id}
        name={id}
        rows={rows}
        value={value}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={describedBy}
        aria-autocomplete="list"
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open && active >= 0 ? `${listId}-${active}` : undefined}
        onChange={(e) => {
          onChange(e.target.value);
          track(e.target.value, e.target.selectionStart ?? e.target.value.length);
        }}
        onKeyDown={keyDown}
        onBlur={() => setTimeout(() => setQuery(null), 150)}
      />
      {open ? (
        <ul id={listId} role="listbox" aria-label={t('mention.listLabel')} className="mention-options">
          {options.map((person, i) => (
            <li
              key={person.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(person);
              }}
            >
              {person.displayName}
            </li>
          ))}
        </ul>
      ) : null}
      <p role="status" className="visually-hidden">
        {open ? t('mention.count', { count: options.length }) : ''}
      </p>
    </div>
  );
}

export { addPick };
