import type { Occurrence } from '../../protocol/peersession';
import { localDate, localTime } from '../../protocol/peersession';
import { useLanguage, useT } from '../../ui/i18n';
import { Badge } from '../../ui/components';

/** A local date (yyyy-mm-dd) written out in the reader's language; the date is already local. */
function longDate(date: string, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'full', timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));
}

/**
 * The reader's time first, the organiser's beside it, and a note when daylight saving moved
 * the local time since the previous occurrence. Times come from the server in each zone.
 */
export function OccurrenceTimes({ occurrence }: { occurrence: Occurrence }) {
  const t = useT();
  const language = useLanguage();
  const same = occurrence.readerZone === occurrence.organiserZone;
  return (
    <div className="session-times">
      <p>
        <time dateTime={occurrence.startsAt}>
          {t('sessions.yourTime', {
            zone: occurrence.readerZone,
            date: longDate(localDate(occurrence.readerStart), language),
            time: localTime(occurrence.readerStart),
          })}
        </time>
      </p>
      {same ? null : (
        <p>
          {t('sessions.organiserTime', {
            zone: occurrence.organiserZone,
            date: longDate(localDate(occurrence.organiserStart), language),
            time: localTime(occurrence.organiserStart),
          })}
        </p>
      )}
      {occurrence.readerDstShift ? <p className="dst-shift">{t('sessions.dstShift')}</p> : null}
      {occurrence.holidays.length > 0 ? (
        <p className="session-holiday">
          <Badge tone="warning">{t('sessions.holidayBadge')}</Badge>{' '}
          {t('sessions.holidayThere', { names: occurrence.holidays.map((h) => (language === 'en' ? h.nameEn : h.nameFr)).join(', ') })}
        </p>
      ) : null}
    </div>
  );
}
