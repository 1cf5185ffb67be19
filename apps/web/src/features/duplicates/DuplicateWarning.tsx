import { Alert, Anchor, List, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconCopy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { FieldMeta, TypeMeta } from '../../api/types';
import { itemTitle } from '../../api/titles';
import { isDuplicatePlural, useDuplicateCheck } from './api';

/** The fields a check compares: names, a lead's company name, a contact's companies, phones and e-mails. */
const checkedFields = ['name', 'secondName', 'lastName', 'title', 'companyTitle', 'companyIds', 'emails', 'phones'];

interface Props {
  type: TypeMeta;
  /** The form's values in API form (what saving would send). */
  values: Record<string, unknown>;
  fields: FieldMeta[];
}

/**
 * "Possible duplicates" on a create form: items the user may read that share a phone or e-mail with what they typed,
 * or have the same name, each a link (in a new tab, so the form keeps what was typed). It never blocks saving.
 */
export function DuplicateWarning({ type, values, fields }: Props) {
  const { t } = useTranslation('duplicates');
  const body = checkBody(values, fields);
  const [debounced] = useDebouncedValue(body, 500);
  const check = useDuplicateCheck(type.plural, isDuplicatePlural(type.plural) ? debounced : null);
  const matches = debounced === null ? [] : (check.data ?? []);
  if (matches.length === 0) return null;
  return (
    <Alert color="yellow" icon={<IconCopy aria-hidden />} title={t('warning.title')} role="status" data-testid="duplicate-warning" styles={{ title: { color: 'var(--mantine-color-text)' } }}>
      <Text size="sm" mb="xs">
        {t('warning.body')}
      </Text>
      <List size="sm" spacing={4}>
        {matches.map((match) => (
          <List.Item key={match.item.id}>
            <Anchor href={`/${type.plural}/${match.item.id}`} target="_blank" rel="noopener" size="sm" fw={500}>
              {itemTitle(type, match.item)}
            </Anchor>{' '}
            <Text span size="sm" c="dimmed">
              — {match.matched.map((what) => t('warning.matched', { what: t(`warning.what.${what}`) })).join(t('warning.join'))}
            </Text>
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

/** The part of the form a check needs; null while it holds nothing worth comparing (no name of 2 letters, no phone, no e-mail). */
function checkBody(values: Record<string, unknown>, fields: FieldMeta[]): Record<string, unknown> | null {
  const body: Record<string, unknown> = {};
  for (const field of fields) {
    if (!checkedFields.includes(field.name)) continue;
    const value = values[field.name];
    if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    body[field.name] = value;
  }
  const named = ['name', 'lastName', 'title'].some((name) => typeof body[name] === 'string' && (body[name] as string).trim().length >= 2);
  return named || body.emails !== undefined || body.phones !== undefined ? body : null;
}
