import { useEffect, useState, type FormEvent } from 'react';
import { Page } from '../../ui/Page';
import { useLanguage, useT } from '../../ui/i18n';
import { navigate } from '../../ui/router';
import { CheckboxGroup } from '../../ui/components';
import { apiFieldErrors, ErrorSummary, SelectField, TextField, type FieldErrors } from '../../ui/forms';
import { api } from '../../transport/api';
import { competenceName, territoryName, useReference } from '../directory/common';
import { DOORS, FORMATS, MATURITIES, parseResource } from './model';
import { useLevers } from './common';
import './resources.css';

const FIELDS = ['title', 'summary', 'door', 'levers', 'format', 'body', 'link', 'maturity', 'minutes', 'territories', 'competences', 'authors', 'licence'];

/** Propose a resource (new) or edit one (its proposer before publication, or a facilitator). */
export default function ResourceFormPage({ params }: { params: Record<string, string> }) {
  const t = useT();
  const language = useLanguage();
  const editing = params.id ?? null;
  const levers = useLevers();
  const { competences, territories } = useReference();
  const [title, setTitle] = useState('');
  const [summary, setSummary] = useState('');
  const [door, setDoor] = useState<string>('temoignage');
  const [chosenLevers, setLevers] = useState<string[]>([]);
  const [format, setFormat] = useState<string>('text');
  const [body, setBody] = useState('');
  const [link, setLink] = useState('');
  const [maturity, setMaturity] = useState<string>('decouvrir');
  const [minutes, setMinutes] = useState('10');
  const [chosenTerritories, setTerritories] = useState<string[]>([]);
  const [chosenCompetences, setCompetences] = useState<string[]>([]);
  const [authors, setAuthors] = useState('');
  const [licence, setLicence] = useState('CC BY-SA 4.0');
  const [status, setStatus] = useState<string>('draft');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [key] = useState(() => crypto.randomUUID());

  useEffect(() => {
    if (!editing) return;
    api.get(`/api/resources/${editing}`).then((v) => {
      const r = parseResource(v);
      setTitle(r.title);
      setSummary(r.summary);
      setDoor(r.door);
      setLevers(r.levers);
      setFormat(r.format);
      setBody(r.body ?? '');
      setLink(r.link ?? '');
      setMaturity(r.maturity);
      setMinutes(String(r.minutes));
      setTerritories(r.territories);
      setCompetences(r.competences);
      setAuthors(r.authors.join('\n'));
      setLicence(r.licence);
      setStatus(r.status);
    }, () => undefined);
  }, [editing]);

  const labels: Record<string, string> = {
    title: t('resources.form.title'),
    summary: t('resources.form.summary'),
    door: t('resources.filter.door'),
    levers: t('resources.form.levers'),
    format: t('resources.filter.format'),
    body: t('resources.form.body'),
    link: t('resources.form.link'),
    maturity: t('resources.filter.maturity'),
    minutes: t('resources.form.minutes'),
    territories: t('resources.form.territories'),
    competences: t('resources.form.competences'),
    authors: t('resources.form.authors'),
    licence: t('resources.form.licence'),
  };

  async function save(submit: boolean) {
    const local: FieldErrors = {};
    if (title.trim().length < 3) local.title = t('validation.required');
    if (!summary.trim()) local.summary = t('validation.required');
    if (!chosenLevers.length) local.levers = t('validation.required');
    if (format === 'text' && !body.trim()) local.body = t('validation.required');
    if (format !== 'text' && !link.trim()) local.link = t('validation.required');
    if (!licence.trim()) local.licence = t('validation.required');
    setErrors(local);
    setGeneral(null);
    if (Object.keys(local).length) return;
    setBusy(true);
    const command = {
      idempotencyKey: editing ? undefined : key,
      title,
      summary,
      door,
      levers: chosenLevers,
      format,
      body: format === 'text' ? body : null,
      link: format === 'text' ? null : link,
      maturity,
      minutes: Number(minutes) || 0,
      territories: chosenTerritories,
      competences: chosenCompetences,
      authors: authors.split('\n').map((a) => a.trim()).filter(Boolean),
      licence,
      submit,
    };
    try {
      const saved = parseResource(editing ? await api.request('PUT', `/api/resources/${editing}`, command) : await api.post('/api/resources', command));
      navigate(`/resources/${saved.id}`);
    } catch (e) {
      const { fields, general: rest } = apiFieldErrors(e, FIELDS);
      setErrors(fields);
      setGeneral(rest);
    } finally {
      setBusy(false);
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void save(status === 'draft');
  }

  return (
    <Page title={editing ? t('resources.form.editTitle') : t('resources.form.newTitle')}>
      <ErrorSummary fields={errors} labels={labels} general={general} />
      <form onSubmit={onSubmit} noValidate className="resource-form">
        <TextField id="title" label={labels.title} value={title} onChange={setTitle} error={errors.title} />
        <TextField id="summary" label={labels.summary} multiline value={summary} onChange={setSummary} error={errors.summary} />
        <SelectField id="door" label={labels.door} value={door} onChange={setDoor} error={errors.door}>
          {DOORS.map((d) => (
            <option key={d} value={d}>
              {t(`resources.door.${d}`)}
            </option>
          ))}
        </SelectField>
        <div id="levers" tabIndex={-1}>
          <CheckboxGroup
            label={labels.levers}
            description={errors.levers}
            choices={levers.map((l) => ({ value: l.slug, label: language === 'en' ? l.labelEn : l.labelFr }))}
            value={chosenLevers}
            onChange={setLevers}
          />
        </div>
        <SelectField id="format" label={labels.format} value={format} onChange={setFormat} error={errors.format}>
          {FORMATS.map((f) => (
            <option key={f} value={f}>
              {t(`resources.format.${f}`)}
            </option>
          ))}
        </SelectField>
        {format === 'text' ? (
          <TextField id="body" label={labels.body} multiline value={body} onChange={setBody} error={errors.body} />
        ) : (
          <TextField id="link" label={labels.link} value={link} onChange={setLink} error={errors.link} />
        )}
        <SelectField id="maturity" label={labels.maturity} value={maturity} onChange={setMaturity} error={errors.maturity}>
          {MATURITIES.map((m) => (
            <option key={m} value={m}>
              {t(`resources.maturity.${m}`)}
            </option>
          ))}
        </SelectField>
        <div className={`field${errors.minutes ? ' field-invalid' : ''}`}>
          <label htmlFor="minutes">{labels.minutes}</label>
          <input
            id="minutes"
            type="number"
            min={1}
            max={600}
            value={minutes}
            onChange={(e) => setMinutes(e.target.value)}
            aria-invalid={errors.minutes ? true : undefined}
            aria-describedby={errors.minutes ? 'minutes-error' : undefined}
          />
          {errors.minutes ? (
            <p id="minutes-error" className="field-error">
              {errors.minutes}
            </p>
          ) : null}
        </div>
        <details className="resource-more">
          <summary>{labels.territories}</summary>
          <CheckboxGroup
            label={labels.territories}
            description={errors.territories}
            choices={territories.map((x) => ({ value: x.code, label: territoryName(x, language) }))}
            value={chosenTerritories}
            onChange={setTerritories}
          />
        </details>
        <details className="resource-more">
          <summary>{labels.competences}</summary>
          <CheckboxGroup
            label={labels.competences}
            description={errors.competences}
            choices={competences.map((c) => ({ value: c.slug, label: competenceName(c, language) }))}
            value={chosenCompetences}
            onChange={setCompetences}
          />
        </details>
        <TextField id="authors" label={labels.authors} multiline optional value={authors} onChange={setAuthors} error={errors.authors} />
        <TextField id="licence" label={labels.licence} value={licence} onChange={setLicence} error={errors.licence} />
        <p className="resource-actions">
          {status === 'draft' ? (
            <>
              <button type="submit" disabled={busy}>
                {t('resources.form.submit')}
              </button>
              <button type="button" className="secondary" disabled={busy} onClick={() => void save(false)}>
                {t('resources.form.saveDraft')}
              </button>
            </>
          ) : (
            <button type="submit" disabled={busy}>
              {t('resources.form.save')}
            </button>
          )}
        </p>
      </form>
    </Page>
  );
}
