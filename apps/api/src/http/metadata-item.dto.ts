import { Satisfies, StringField } from './validators';

const IsLanguageTag = () =>
  Satisfies('isLanguageTag', '$property must be a BCP 47 language tag, e.g. en or de-CH', (value) => {
    if (typeof value !== 'string' || value === '') return false;
    try {
      return Intl.getCanonicalLocales(value).length === 1;
    } catch {
      return false;
    }
  });

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
