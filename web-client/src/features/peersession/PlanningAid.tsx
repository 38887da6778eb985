import { useEffect, useRef, useState } from 'react';
import { parsePlanning, parseSlots, localHour, type LocalSlot, type Planning, type Slots } from '../../protocol/planning';
import { api } from '../../transport/api';
import { Button } from '../../ui/components';
import { useLanguage, useT } from '../../ui/i18n';
import { problemMessage } from '../../ui/forms';

export interface PlanningInput {
  theme: string;
  durationMinutes: number;
  timeZone: string;
  /** The first start as 2026-01-13T10:00:00, or null while the field is empty or malformed. */
  firstStart: string | null;
  recurrence: string;
  rrule: string | null;
  until: string | null;
}

const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

/**
 * Before scheduling, fairness to every territory: public holidays on each date where the
 * theme's people live, who would be outside reasonable hours, and start times that suit most.
 */
export function PlanningAid({ input, onPick }: { input: PlanningInput; onPick: (localStart: string) => void }) {
  const t = useT();
  const language = useLanguage();
  const [planning, setPlanning] = useState<Planning | null>(null);
  const [slots, setSlots] = useState<Slots | null>(null);
  const [weekday, setWeekday] = useState<string>(() => weekdayOf(input.firstStart) ?? 'TU');
  // The proposals' day follows the typed first start until the person picks a day themselves.
  const dayChosen = useRef(false);
  useEffect(() => {
    const day = weekdayOf(input.firstStart);
    if (day && !dayChosen.current) setWeekday(day);
  }, [input.firstStart]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const place = (slot: LocalSlot) => slot.territoryName ?? t('sessions.planning.noTerritory', { zone: slot.zone });
  const hourText = (slot: LocalSlot) => {
    const { hour, shift } = localHour(slot);
    return shift === 0 ? hour : t(shift < 0 ? 'sessions.planning.dayBefore' : 'sessions.planning.dayAfter', { hour });
  };
  const dateText = (iso: string) => new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'fr-FR',
    { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T12:00:00Z`));

  async function run<T>(call: () => Promise<T>, keep: (value: T) => void) {
    setBusy(true);
    setError(null);
    try {
      keep(await call());
    } catch (e) {
      setError(problemMessage(e, t));
    } finally {
      setBusy(false);
    }
  }

  const check = () => {
    if (!input.firstStart) {
      setError(t('sessions.planning.needStart'));
      return;
    }
    void run(async () => parsePlanning(await api.post('/api/peer-sessions/planning', {
      theme: input.theme, durationMinutes: input.durationMinutes, timeZone: input.timeZone, firstStart: input.firstStart,
      recurrence: input.recurrence, rrule: input.rrule, until: input.until, occurrences: 12,
    })), setPlanning);
  };

  const propose = () => {
    void run(async () => parseSlots(await api.post('/api/peer-sessions/planning/slots', {
      theme: input.theme, durationMinutes: input.durationMinutes, timeZone: input.timeZone, weekday,
      week: input.firstStart ? input.firstStart.slice(0, 10) : null,
    })), setSlots);
  };

  const first = planning?.occurrences[0];
  const holidayDates = planning?.occurrences.filter((o) => o.holidays.length > 0) ?? [];

  return (
    <section className="planning-aid ds-card" aria-labelledby="planning-aid-heading">
      <h2 id="planning-aid-heading">{t('sessions.planning.heading')}</h2>
      <p className="hint">{t('sessions.planning.intro')}</p>
      <div className="planning-aid-actions">
        <Button variant="secondary" onPress={check} isDisabled={busy || !input.theme}>{t('sessions.planning.check')}</Button>
        <label className="planning-aid-weekday">
          <span>{t('sessions.planning.weekday')}</span>
          <select value={weekday} onChange={(e) => { dayChosen.current = true; setWeekday(e.target.value); }}>
            {WEEKDAYS.map((d) => <option key={d} value={d}>{t(`sessions.planning.day.${d}`)}</option>)}
          </select>
        </label>
        <Button variant="secondary" onPress={propose} isDisabled={busy || !input.theme}>{t('sessions.planning.propose')}</Button>
      </div>
      <div aria-live="polite">
        {error ? <p className="field-error">{error}</p> : null}
        {planning && first ? (
          <div className="planning-aid-result">
            <h3>{t('sessions.planning.resultHeading')}</h3>
            <p>{t(planning.audience === 'followers' ? 'sessions.planning.audienceFollowers' : 'sessions.planning.audienceNetwork',
              { count: planning.people })}</p>
            <p>
              {first.peopleOutside === 0 ? t('sessions.planning.allWithin', { from: planning.reasonableFrom, until: planning.reasonableUntil })
                : t('sessions.planning.outside', {
                  count: first.peopleOutside,
                  places: first.outsideHours.map((s) => `${place(s)} ${hourText(s)}`).join(', '),
                })}
            </p>
            {holidayDates.length === 0 ? <p>{t('sessions.planning.noHoliday', { count: planning.occurrences.length })}</p> : (
              <>
                <p>{t('sessions.planning.holidays', { count: holidayDates.length })}</p>
                <ul>
                  {holidayDates.map((o) => (
                    <li key={o.startsAt}>
                      {dateText(o.localStart.slice(0, 10))} :{' '}
                      {o.holidays.map((h) => t('sessions.planning.holidayIn', {
                        name: language === 'en' ? h.nameEn : h.nameFr, place: h.territoryName, count: h.people,
                      })).join(' ; ')}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        ) : null}
        {slots ? (
          <div className="planning-aid-result">
            <h3>{t('sessions.planning.proposalsHeading')}</h3>
            {slots.proposals.length === 0 ? <p>{t('sessions.planning.noProposal')}</p> : (
              <ol className="planning-aid-proposals">
                {slots.proposals.map((p) => (
                  <li key={p.start}>
                    <p>
                      <strong>{p.start}</strong>{' — '}
                      {t('sessions.planning.within', { count: p.peopleWithin, total: slots.people })}
                    </p>
                    <p className="hint">{p.local.map((s) => `${place(s)} ${hourText(s)}`).join(' · ')}</p>
                    <Button variant="quiet" onPress={() => onPick(`${p.date} ${p.start}`)}
                      aria-label={t('sessions.planning.pickLabel', { time: p.start, date: dateText(p.date) })}>
                      {t('sessions.planning.pick')}
                    </Button>
                  </li>
                ))}
              </ol>
            )}
          </div>
        ) : null}
      </div>
    </section>
  );
}

function weekdayOf(localStart: string | null): string | null {
  if (!localStart) return null;
  const day = new Date(`${localStart.slice(0, 10)}T12:00:00Z`).getUTCDay();
  return Number.isNaN(day) ? null : WEEKDAYS[(day + 6) % 7];
}
