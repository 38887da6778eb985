import { useCallback, useEffect, useState, useSyncExternalStore, type FormEvent } from 'react';
import { parseThemes, type ThemeSummary } from '../../protocol/discussion';
import { FORMATS, monthGrid, occurrenceMonths, occurrencesIn, parseAgenda, sessionStream, type Agenda, type Occurrence } from '../../protocol/peersession';
import type { Territory } from '../../protocol/api';
import { loadTerritories } from '../../store/reference';
import { Button, useMedia } from '../../ui/components';
import { ChevronLeft, ChevronRight } from 'lucide-react';
import { api } from '../../transport/api';
import { live, session } from '../../store/app';
import { Page } from '../../ui/Page';
import { Link } from '../../ui/router';
import { useLanguage, useT } from '../../ui/i18n';
import { problemMessage, SelectField } from '../../ui/forms';
import { OccurrenceTimes } from './times';
import { FeedPanel } from './FeedPanel';

function OccurrenceItem({ occurrence }: { occurrence: Occurrence }) {
  const t = useT();
  return (
    <li className="session-item">
      <Link to={`/sessions/occurrences/${occurrence.id}`}>{occurrence.title}</Link>{' '}
      <span>({t(`sessions.format.${occurrence.format}`)})</span>
      {occurrence.status === 'cancelled' ? <strong> {t('sessions.status.cancelled')}</strong> : null}
      {occurrence.moved ? <em> {t('sessions.moved')}</em> : null}
      <OccurrenceTimes occurrence={occurrence} />
      <p>
        {occurrence.capacity !== null
          ? t('sessions.seats', { attending: occurrence.attending, capacity: occurrence.capacity })
          : t('sessions.seatsOpen', { attending: occurrence.attending })}
        {occurrence.waiting > 0 ? ` · ${t('sessions.waiting', { count: occurrence.waiting })}` : null}
      </p>
    </li>
  );
}

function monthName(key: string, language: string): string {
  const [year, month] = key.split('-').map(Number);
  return new Intl.DateTimeFormat(language, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, 1)));
}

/** Previous month, the month's name (announced when it changes), next month. */
function MonthNav({ label, headingId, onShift, canPrevious = true, canNext = true }: { label: string; headingId: string; onShift: (delta: number) => void; canPrevious?: boolean; canNext?: boolean }) {
  const t = useT();
  return (
    <div className="month-nav">
      <Button variant="secondary" onPress={() => onShift(-1)} isDisabled={!canPrevious}>
        <ChevronLeft aria-hidden="true" size={18} />
        {t('sessions.month.previous')}
      </Button>
      <h2 id={headingId} className="month-title" aria-live="polite">
        {label}
      </h2>
      <Button variant="secondary" onPress={() => onShift(1)} isDisabled={!canNext}>
        {t('sessions.month.next')}
        <ChevronRight aria-hidden="true" size={18} />
      </Button>
    </div>
  );
}

/** The list, one month per page: a series without end never lays out all its dates at once. */
function ListView({ occurrences }: { occurrences: Occurrence[] }) {
  const t = useT();
  const language = useLanguage();
  const months = occurrenceMonths(occurrences);
  const [index, setIndex] = useState(0);
  const page = Math.min(index, months.length - 1);
  const month = months[page];
  const shown = occurrencesIn(occurrences, month);
  return (
    <section aria-labelledby="list-month" className="session-month">
      <MonthNav
        label={monthName(month, language)}
        headingId="list-month"
        onShift={(delta) => setIndex(Math.max(0, Math.min(months.length - 1, page + delta)))}
        canPrevious={page > 0}
        canNext={page < months.length - 1}
      />
      <p className="hint">{t('sessions.list.page', { count: shown.length, page: page + 1, pages: months.length })}</p>
      <ul className="session-list">
        {shown.map((o) => (
          <OccurrenceItem key={o.id} occurrence={o} />
        ))}
      </ul>
    </section>
  );
}

function DayEntry({ occurrence }: { occurrence: Occurrence }) {
  const t = useT();
  return (
    <li>
      <Link to={`/sessions/occurrences/${occurrence.id}`}>
        {occurrence.readerStart.slice(11, 16)} {occurrence.title}
      </Link>
      {occurrence.status === 'cancelled' ? ` (${t('sessions.status.cancelled')})` : null}
    </li>
  );
}

function MonthView({ occurrences }: { occurrences: Occurrence[] }) {
  const t = useT();
  const language = useLanguage();
  const phone = useMedia('(max-width: 640px)');
  const first = occurrences[0]?.readerStart ?? new Date().toISOString();
  const [month, setMonth] = useState({ year: Number(first.slice(0, 4)), month: Number(first.slice(5, 7)) });
  const weeks = monthGrid(month.year, month.month, occurrences);
  const key = `${month.year}-${String(month.month).padStart(2, '0')}`;
  const shift = (delta: number) => {
    const index = month.year * 12 + (month.month - 1) + delta;
    setMonth({ year: Math.floor(index / 12), month: (index % 12) + 1 });
  };
  const weekdays = weeks[0].map((d) => ({
    short: new Intl.DateTimeFormat(language, { weekday: 'short', timeZone: 'UTC' }).format(new Date(`${d.date}T12:00:00Z`)),
    long: new Intl.DateTimeFormat(language, { weekday: 'long', timeZone: 'UTC' }).format(new Date(`${d.date}T12:00:00Z`)),
  }));
  const days = weeks.flat().filter((d) => d.inMonth && d.occurrences.length > 0);
  const dayName = (date: string) =>
    new Intl.DateTimeFormat(language, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));
  return (
    <section aria-labelledby="grid-month" className="session-month">
      <MonthNav label={t('sessions.month.caption', { month: monthName(key, language) })} headingId="grid-month" onShift={shift} />
      {phone ? (
        days.length ? (
          <ol className="day-list">
            {days.map((day) => (
              <li key={day.date}>
                <h3>{dayName(day.date)}</h3>
                <ul>
                  {day.occurrences.map((o) => (
                    <DayEntry key={o.id} occurrence={o} />
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        ) : (
          <p>{t('sessions.month.none')}</p>
        )
      ) : (
        <table className="month-grid" aria-labelledby="grid-month">
          <thead>
            <tr>
              {weekdays.map((d) => (
                <th key={d.long} scope="col">
                  <abbr title={d.long}>{d.short}</abbr>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weeks.map((week) => (
              <tr key={week[0].date}>
                {week.map((day) => (
                  <td key={day.date} className={day.inMonth ? undefined : 'out-of-month'}>
                    <span className="day-number">{Number(day.date.slice(8, 10))}</span>
                    {day.occurrences.length > 0 ? (
                      <ul>
                        {day.occurrences.map((o) => (
                          <DayEntry key={o.id} occurrence={o} />
                        ))}
                      </ul>
                    ) : null}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export default function AgendaPage() {
  const t = useT();
  const language = useLanguage();
  const { user } = useSyncExternalStore(session.subscribe, session.getState);
  const [themes, setThemes] = useState<ThemeSummary[]>([]);
  const [territories, setTerritories] = useState<Territory[]>([]);
  const [filters, setFilters] = useState({ theme: '', format: '', territory: '', when: 'upcoming' });
  const [draft, setDraft] = useState(filters);
  const [view, setView] = useState<'list' | 'month'>('list');
  const [agenda, setAgenda] = useState<Agenda | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    api.get('/api/themes').then((b) => setThemes(parseThemes(b))).catch(() => setThemes([]));
    loadTerritories().then(setTerritories).catch(() => setTerritories([]));
  }, []);

  const load = useCallback(() => {
    const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== ''));
    api
      .get(`/api/peer-sessions?${query.toString()}`)
      .then((body) => {
        setAgenda(parseAgenda(body));
        setProblem(null);
      })
      .catch((error) => setProblem(problemMessage(error, t)));
  }, [filters, t]);
  useEffect(load, [load]);

  // Any session event of a theme in view: reload the agenda (it is small and per reader).
  const slugs = themes.map((th) => th.slug).join(' ');
  useEffect(() => {
    if (!slugs) return;
    const stops = slugs.split(' ').map((slug) => {
      let last: number | null = null;
      return live.watch(sessionStream(slug), {
        lastSeq: () => last,
        onEvent: (seq) => {
          if (last !== null && seq <= last) return;
          const first = last === null;
          last = seq;
          if (!first) load();
        },
        onResync: () => {
          last = null;
          load();
        },
      });
    });
    return () => stops.forEach((stop) => stop());
  }, [slugs, load]);

  function apply(event: FormEvent) {
    event.preventDefault();
    setFilters(draft);
  }

  const canSchedule = user?.role === 'administrator' || user?.role === 'facilitator';
  return (
    <Page title={t('sessions.title')}>
      <p>{t('sessions.intro', { zone: agenda?.readerZone ?? user?.timeZone ?? '' })}</p>
      {canSchedule ? (
        <p>
          <Link to="/sessions/new">{t('sessions.new')}</Link>
        </p>
      ) : null}
      <form onSubmit={apply} aria-label={t('sessions.filters')} className="session-filters">
        <SelectField id="filter-theme" label={t('sessions.filter.theme')} optional value={draft.theme} onChange={(v) => setDraft({ ...draft, theme: v })}>
          <option value="">{t('sessions.filter.all')}</option>
          {themes.map((th) => (
            <option key={th.slug} value={th.slug}>
              {language === 'en' ? th.labelEn : th.labelFr}
            </option>
          ))}
        </SelectField>
        <SelectField id="filter-format" label={t('sessions.filter.format')} optional value={draft.format} onChange={(v) => setDraft({ ...draft, format: v })}>
          <option value="">{t('sessions.filter.all')}</option>
          {FORMATS.map((f) => (
            <option key={f} value={f}>
              {t(`sessions.format.${f}`)}
            </option>
          ))}
        </SelectField>
        <SelectField id="filter-territory" label={t('sessions.filter.territory')} optional value={draft.territory} onChange={(v) => setDraft({ ...draft, territory: v })}>
          <option value="">{t('sessions.filter.all')}</option>
          {territories.map((te) => (
            <option key={te.code} value={te.code}>
              {language === 'en' ? te.nameEn || te.name : te.name}
            </option>
          ))}
        </SelectField>
        <fieldset>
          <legend className="visually-hidden">{t('sessions.filters')}</legend>
          {(['upcoming', 'past'] as const).map((w) => (
            <label key={w}>
              <input type="radio" name="when" value={w} checked={draft.when === w} onChange={() => setDraft({ ...draft, when: w })} />
              {t(`sessions.when.${w}`)}
            </label>
          ))}
        </fieldset>
        <button type="submit">{t('sessions.filter.apply')}</button>
      </form>
      <div role="group" aria-label={t('sessions.view.label')} className="view-toggle">
        <button type="button" aria-pressed={view === 'list'} onClick={() => setView('list')}>
          {t('sessions.view.list')}
        </button>
        <button type="button" aria-pressed={view === 'month'} onClick={() => setView('month')}>
          {t('sessions.view.month')}
        </button>
      </div>
      {problem ? <p role="alert" className="problem">{problem}</p> : null}
      {agenda === null && !problem ? <p role="status">{t('common.loading')}</p> : null}
      {agenda !== null && agenda.occurrences.length === 0 ? <p>{t('sessions.empty')}</p> : null}
      {agenda !== null && agenda.occurrences.length > 0 ? (
        view === 'list' ? (
          <ListView occurrences={agenda.occurrences} />
        ) : (
          <MonthView occurrences={agenda.occurrences} />
        )
      ) : null}
      <FeedPanel />
    </Page>
  );
}
