import { Satisfies, StringField } from './validators';

/** Verdicts on the tags seen so far: a body's few locales repeat, and ICU's check costs more than the rest of an item. */
const languageTags = new Map<string, boolean>();

function isLanguageTag(value: string): boolean {
  let valid = languageTags.get(value);
  if (valid === undefined) {
    try {
      valid = Intl.getCanonicalLocales(value).length === 1;
    } catch {
      valid = false;
    }
    if (languageTags.size < 1000) languageTags.set(value, valid);
  }
  return valid;
}

const IsLanguageTag = () =>
  Satisfies(
    'isLanguageTag',
    '$property must be a BCP 47 language tag, e.g. en or de-CH',
    (value) => typeof value === 'string' && value !== '' && isLanguageTag(value),
  );

export class MetadataItemDto {
  @StringField({
    required: true,
    minLength: 1,
    maxLength: 255,
    example: 'department',
    description: 'Name of the metadata item.',
  })
  name: string;

  @StringField({ maxLength: 4096, example: 'Retail banking', description: 'Value of the metadata item.' })
  value?: string;

  @StringField({ maxLength: 35, example: 'en', description: 'BCP 47 language tag of the value.' })
  @IsLanguageTag()
  locale?: string;
}
