import { useEffect, useRef, useState, type FormEvent } from 'react';
import { parseThemes, type ThemeSummary } from '../../protocol/discussion';
import { FORMATS, HOLIDAY_CHOICES, RECURRENCES, parseSeriesFirstOccurrence } from '../../protocol/peersession';
import { api } from '../../transport/api';
import { Page } from '../../ui/Page';
import { navigate } from '../../ui/router';
import { useLanguage, useT } from '../../ui/i18n';
import { ZonePicker } from '../../ui/ZonePicker';
import { ErrorSummary, SelectField, TextField, apiFieldErrors, problemMessage, type FieldErrors } from '../../ui/forms';
import { PlanningAid } from './PlanningAid';

/** A labelled input of a type TextField does not offer (number, date, datetime-local). */
function Input({ id, label, type, value, onChange, error, hint, optional }: {
  id: string; label: string; type: string; value: string; onChange: (v: string) => void; error?: string; hint?: string; optional?: boolean;
}) {
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input id={id} name={id} type={type} value={value} required={!optional} aria-invalid={error ? true : undefined}
        aria-describedby={described} onChange={(e) => onChange(e.target.value)} />
      {hint ? <p id={`${id}-hint`} className="hint">{hint}</p> : null}
      {error ? <p id={`${id}-error`} className="field-error">{error}</p> : null}
    </div>
  );
}

/** A local date and time typed as 2026-01-13 10:00 (a text field: every keyboard and reader handles it). */
const LOCAL_START = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})$/;

/** The typed first start as the API's local date-time, or null while it is not complete. */
function localStartOf(text: string): string | null {
  const when = LOCAL_START.exec(text.trim());
  return when ? `${when[1]}T${when[2]}:00` : null;
}

const FIELDS = ['theme', 'title', 'description', 'format', 'place', 'capacity', 'durationMinutes', 'rsvpDeadlineMinutes',
  'timeZone', 'firstStart', 'recurrence', 'rrule', 'until', 'dialIn', 'onHolidays', 'rotateWith'];

export default function NewSeriesPage() {
  const t = useT();
  const language = useLanguage();
  const [themes, setThemes] = useState<ThemeSummary[]>([]);
  const [form, setForm] = useState({
    theme: '', title: '', description: '', format: 'online', place: '', capacity: '', durationMinutes: '90',
    rsvpDeadlineMinutes: '0', timeZone: 'Europe/Paris', firstStart: '', recurrence: 'bimonthly', rrule: '', until: '', dialIn: '',
    onHolidays: 'keep', rotateWith: '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.get('/api/themes').then((b) => {
      const list = parseThemes(b);
      setThemes(list);
      setForm((f) => (f.theme ? f : { ...f, theme: list[0]?.slug ?? '' }));
    }).catch(() => setThemes([]));
  }, []);

  const set = (key: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const labels: Record<string, string> = {
    theme: t('sessions.form.theme'), title: t('sessions.form.name'), description: t('sessions.form.description'),
    format: t('sessions.form.format'), place: t('sessions.form.place'), capacity: t('sessions.form.capacity'),
    durationMinutes: t('sessions.form.duration'), rsvpDeadlineMinutes: t('sessions.form.deadline'), timeZone: t('sessions.form.timeZone'),
    firstStart: t('sessions.form.firstStart'), recurrence: t('sessions.form.recurrence'), rrule: t('sessions.form.rrule'),
    until: t('sessions.form.until'), dialIn: t('sessions.form.dialIn'), onHolidays: t('sessions.form.onHolidays'),
    rotateWith: t('sessions.form.rotateWith'),
  };
  const rotates = ['monthly', 'bimonthly', 'quarterly'].includes(form.recurrence);

  // one key per form: a double submit, or a retry after a lost answer, schedules one series
  const submitKey = useRef(crypto.randomUUID());

  async function submit(event: FormEvent) {
    event.preventDefault();
    setErrors({});
    setGeneral(null);
    const when = LOCAL_START.exec(form.firstStart.trim());
    if (!when) {
      setErrors({ firstStart: t('sessions.form.firstStartInvalid') });
      return;
    }
    setBusy(true);
    const body = {
      theme: form.theme, title: form.title, description: form.description || null, format: form.format,
      place: form.format === 'online' ? null : form.place || null, capacity: form.capacity ? Number(form.capacity) : null,
      durationMinutes: Number(form.durationMinutes), rsvpDeadlineMinutes: Number(form.rsvpDeadlineMinutes || '0'),
      timeZone: form.timeZone, firstStart: `${when[1]}T${when[2]}:00`,
      recurrence: form.recurrence, rrule: form.recurrence === 'custom' ? form.rrule : null, until: form.until || null,
      dialIn: form.dialIn || null,
      onHolidays: form.recurrence === 'once' ? 'keep' : form.onHolidays,
      rotateWith: rotates && form.rotateWith.trim() ? form.rotateWith.split(/[\s,;]+/).filter(Boolean) : null,
      idempotencyKey: submitKey.current,
    };
    try {
      const first = parseSeriesFirstOccurrence(await api.post('/api/peer-sessions/series', body));
      navigate(first ? `/sessions/occurrences/${first}` : '/sessions');
    } catch (error) {
      const { fields, general: rest } = apiFieldErrors(error, FIELDS);
      setErrors(fields);
      setGeneral(rest ?? (Object.keys(fields).length ? null : problemMessage(error, t)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title={t('sessions.form.title')}>
      <ErrorSummary fields={errors} labels={labels} general={general} />
      <form onSubmit={submit} noValidate>
        <SelectField id="theme" label={labels.theme} value={form.theme} onChange={set('theme')} error={errors.theme}>
          {themes.map((th) => (
            <option key={th.slug} value={th.slug}>{language === 'en' ? th.labelEn : th.labelFr}</option>
          ))}
        </SelectField>
        <TextField id="title" label={labels.title} value={form.title} onChange={set('title')} error={errors.title} />
        <TextField id="description" label={labels.description} optional multiline value={form.description} onChange={set('description')} error={errors.description} />
        <SelectField id="format" label={labels.format} value={form.format} onChange={set('format')} error={errors.format}>
          {FORMATS.map((f) => (
            <option key={f} value={f}>{t(`sessions.format.${f}`)}</option>
          ))}
        </SelectField>
        {form.format !== 'online' ? (
          <TextField id="place" label={labels.place} value={form.place} onChange={set('place')} error={errors.place} />
        ) : null}
        <Input id="capacity" type="number" optional label={labels.capacity} value={form.capacity} onChange={set('capacity')} error={errors.capacity} />
        <Input id="durationMinutes" type="number" label={labels.durationMinutes} value={form.durationMinutes} onChange={set('durationMinutes')} error={errors.durationMinutes} />
        <Input id="rsvpDeadlineMinutes" type="number" optional label={labels.rsvpDeadlineMinutes} value={form.rsvpDeadlineMinutes} onChange={set('rsvpDeadlineMinutes')} error={errors.rsvpDeadlineMinutes} />
        <ZonePicker id="timeZone" label={labels.timeZone} value={form.timeZone} onChange={set('timeZone')} error={errors.timeZone} />
        <Input id="firstStart" type="text" label={labels.firstStart} hint={t('sessions.form.firstStartHint')} value={form.firstStart}
          onChange={set('firstStart')} error={errors.firstStart} />
        <SelectField id="recurrence" label={labels.recurrence} value={form.recurrence} onChange={set('recurrence')} error={errors.recurrence}
          hint={t('sessions.form.presetHint')}>
          {RECURRENCES.map((r) => (
            <option key={r} value={r}>{t(`sessions.form.recurrence.${r}`)}</option>
          ))}
        </SelectField>
        {form.recurrence === 'custom' ? (
          <TextField id="rrule" label={labels.rrule} hint={t('sessions.form.rruleHint')} value={form.rrule} onChange={set('rrule')} error={errors.rrule} />
        ) : null}
        {form.recurrence !== 'once' ? (
          <Input id="until" type="date" optional label={labels.until} value={form.until} onChange={set('until')} error={errors.until} />
        ) : null}
        <PlanningAid
          input={{
            theme: form.theme, durationMinutes: Number(form.durationMinutes) || 0, timeZone: form.timeZone,
            firstStart: localStartOf(form.firstStart), recurrence: form.recurrence,
            rrule: form.recurrence === 'custom' ? form.rrule : null, until: form.until || null,
          }}
          onPick={set('firstStart')}
        />
        {rotates ? (
          <TextField id="rotateWith" label={labels.rotateWith} optional hint={t('sessions.form.rotateWithHint')} value={form.rotateWith}
            onChange={set('rotateWith')} error={errors.rotateWith} />
        ) : null}
        {form.recurrence !== 'once' ? (
          <SelectField id="onHolidays" label={labels.onHolidays} value={form.onHolidays} onChange={set('onHolidays')}
            error={errors.onHolidays} hint={t('sessions.form.onHolidaysHint')}>
            {HOLIDAY_CHOICES.map((c) => (
              <option key={c} value={c}>{t(`sessions.form.onHolidays.${c}`)}</option>
            ))}
          </SelectField>
        ) : null}
        <TextField id="dialIn" label={labels.dialIn} optional multiline value={form.dialIn} onChange={set('dialIn')} error={errors.dialIn} />
        <button type="submit" disabled={busy}>{t('sessions.form.submit')}</button>
      </form>
    </Page>
  );
}
