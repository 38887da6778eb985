/**
 * Server problems and validation messages turned into sentences of the catalogue, so that no
 * raw (English) server text reaches a screen. Pure functions: tested without a browser.
 */
export type Translate = (key: string, params?: Record<string, string | number>) => string;

/** The catalogue key of a problem type, `/problems/not-found` → `problem.not-found`. */
export function problemKey(type: string): string | null {
  const m = /\/problems\/([a-z0-9-]+)$/.exec(type);
  return m ? `problem.${m[1]}` : null;
}

/** Known validation messages (the server's English) and the catalogue key that says them. */
const VIOLATIONS: [RegExp, string][] = [
  [/^must not be blank$|^is required$|^is empty$|^must not be empty$|^must not be null$|^is required when the reason is other$/, 'violation.required'],
  [/^give 1 to (?<max>\d+) characters$/, 'violation.length'],
  [/^give at most (\d+) characters$|^is longer than (\d+)|^at most (\d+) characters$|^is limited to (\d+) characters$|^size must be between \d+ and (?<max>\d+)$/, 'violation.tooLong'],
  [/^must be in the future$/, 'violation.future'],
  [/^the end is not after the start$|^the end of the series is before its first start$/, 'violation.endBeforeStart'],
  [/^a session recurs at most daily$/, 'violation.rruleDaily'],
  [/^INTERVAL must be a whole number/, 'violation.rruleInterval'],
  [/^COUNT must be a whole number/, 'violation.rruleCount'],
  [/^COUNT and UNTIL cannot both/, 'violation.rruleCountUntil'],
  [/^not a valid RRULE|^a custom recurrence needs an RRULE$/, 'violation.rrule'],
  [/^this rule gives no occurrence/, 'violation.noOccurrence'],
  [/^unknown territory$/, 'violation.territory'],
  [/^unknown or archived theme$|^unknown theme$|^no such theme$/, 'violation.theme'],
  [/^unknown (competence|métier)/, 'violation.competence'],
  [/^competence .* given twice$/, 'violation.competenceTwice'],
  [/time zone/, 'violation.zone'],
  [/needs a place$/, 'violation.place'],
  [/^must start with http:\/\/ or https:\/\/$|^has no host$|user name or password|spaces or control characters/, 'violation.url'],
  [/^is not a valid address$|^must be a well-formed email address$/, 'violation.email'],
  [/^is not your current password$/, 'violation.currentPassword'],
  [/^is not an image/, 'violation.image'],
  [/^must not contain (the )?NUL/, 'violation.characters'],
  [/^no such person$/, 'violation.person'],
  [/^this post was deleted$/, 'violation.deleted'],
  [/^is \d+×\d+ pixels; at most (\d+)/, 'violation.imageTooLarge'],
  [/^every (facilitator|person present|mentioned person) must be able to read this theme$/, 'violation.cannotRead'],
  [/^only guests are invited to single themes/, 'violation.guestsOnly'],
  [/^give both ends of the quiet hours, or neither$/, 'violation.quietHours'],
  [/^must be greater than or equal to (?<min>-?\d+)$/, 'violation.min'],
  [/^must be less than or equal to (?<max>-?\d+)$/, 'violation.max'],
  [/^must be one of |^must be [^,]+(, [^,]+)*,? or [^,]+$/, 'violation.choice'],
  [/^password\.repeated:/, 'violation.passwordRepeated'],
  [/^password\.personal:/, 'violation.passwordPersonal'],
  [/^password\.common:/, 'violation.passwordCommon'],
  [/^text\.control:|^text\.bidi:/, 'violation.textControl'],
  [/^text\.invisible:/, 'violation.textInvisible'],
  [/^empty message$/, 'violation.required'],
  [/^is not your password$/, 'violation.notYourPassword'],
  [/^type SUPPRIMER \(or DELETE\) to confirm$/, 'violation.confirmDeletion'],
  [/^you cannot mute yourself$/, 'violation.muteSelf'],
  [/^mailing_list is a theme's level/, 'violation.mailingListTheme'],
  [/^must be between today and two years from now$/, 'violation.weekRange'],
  [/^must be between (?<min>-?\d+) and (?<max>-?\d+)$/, 'violation.between'],
  [/^not an option of this question$/, 'violation.surveyOption'],
  [/^keep at most (\d+) options$/, 'violation.surveyKeepAtMost'],
  [/^choose one option$/, 'violation.surveyOneOption'],
  [/^no such question in this survey$/, 'violation.surveyQuestion'],
  [/^an option is given twice$/, 'violation.surveyTwice'],
  [/^must be a guest$/, 'violation.surveyGuest'],
  [/^a choice question needs at least two options$/, 'violation.surveyTwoOptions'],
  [/^choose at least one$/, 'violation.surveyAtLeastOne'],
  [/^add at least one question$/, 'violation.surveyQuestions'],
  [/^must be a ranking question$/, 'violation.surveyRanking'],
  [/^a path holds \d+ to \d+ resources$/, 'resources.violation.pathSize'],
  [/^a resource appears twice in the path$/, 'resources.violation.pathTwice'],
  [/^a path takes at most \d+ minutes in total$/, 'resources.violation.pathMinutes'],
  [/^every step must be a published resource of this lever$/, 'resources.violation.pathSteps'],
  [/^only a monthly, bimonthly or quarterly series rotates/, 'violation.rotationKind'],
  [/^a start time is written as 19:00$/, 'violation.rotationTime'],
  [/^each start time of the rotation must differ$/, 'violation.rotationDistinct'],
  [/^must be a free-text question$/, 'violation.surveyFreeText'],
  [/^this answer has no text for this question$/, 'violation.surveyNoText'],
];

/** A violation as a sentence; an unknown message gives a generic sentence, never the raw text. */
export function violationSentence(message: string, t: Translate): string {
  for (const [pattern, key] of VIOLATIONS) {
    const m = pattern.exec(message);
    if (m) {
      // Named groups say which number is which; otherwise the first number caught is the maximum.
      const params: Record<string, number> = {};
      for (const [name, value] of Object.entries(m.groups ?? {})) if (value !== undefined) params[name] = Number(value);
      const first = m.slice(1).find((g) => g !== undefined && /^-?\d+$/.test(g));
      if (Object.keys(params).length === 0 && first) params.max = Number(first);
      return t(key, params);
    }
  }
  return t('violation.invalid');
}

/** The sentence for a problem type, or null when the catalogue has none. */
export function problemSentence(type: string, t: Translate): string | null {
  const key = problemKey(type);
  if (!key) return null;
  const text = t(key);
  return text === key ? null : text;
}
