import { Group, NativeSelect, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TypeMeta } from '../../../api/types';
import type { ItemTypeName, RolePermissions } from './access-api';
import { itemTypes, withFieldAccess } from './permissions-model';

/** These two are how an item is named and changed safely: never hidden. */
const fixedFields = new Set(['id', 'version']);
const fold = (text: string) => text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();

/** Per field of each type: visible, read-only or hidden for this role. */
export function FieldAccessEditor({ permissions, types, onChange }: { permissions: RolePermissions; types: TypeMeta[]; onChange: (permissions: RolePermissions) => void }) {
  const { t } = useTranslation('settingsAccess');
  const [typeName, setTypeName] = useState<ItemTypeName>('deal');
  const [query, setQuery] = useState('');
  const type = types.find((candidate) => candidate.name === typeName);
  const chosen = permissions.fields?.[typeName] ?? {};
  const needle = fold(query.trim());
  const fields = (type?.fields ?? []).filter((field) => !fixedFields.has(field.name) && (!needle || fold(field.label).includes(needle)));
  const restricted = Object.keys(chosen).length;
  const options = [
    { value: 'visible', label: t('fieldAccess.visible') },
    { value: 'readOnly', label: t('fieldAccess.readOnly') },
    { value: 'hidden', label: t('fieldAccess.hidden') },
  ];
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t('fieldAccess.intro')}
      </Text>
      <Group gap="sm" wrap="wrap" align="flex-end">
        <SegmentedControl
          aria-label={t('fieldAccess.type')}
          value={typeName}
          onChange={(value) => setTypeName(value as ItemTypeName)}
          data={itemTypes.map((name) => ({ value: name, label: t(`common:types.${name === 'company' ? 'companies' : `${name}s`}`) }))}
          style={{ maxWidth: '100%', overflowX: 'auto' }}
        />
        <TextInput aria-label={t('fieldAccess.search')} placeholder={t('fieldAccess.search')} value={query} onChange={(e) => setQuery(e.currentTarget.value)} style={{ flex: 1, minWidth: 160, maxWidth: 280 }} />
      </Group>
      <Text size="xs" c="dimmed" aria-live="polite">
        {t('fieldAccess.restricted', { count: restricted })}
      </Text>
      <Table verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('fieldAccess.field')}</Table.Th>
            <Table.Th w={180}>{t('fieldAccess.access')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {fields.map((field) => (
            <Table.Tr key={field.name}>
              <Table.Td>
                <Text size="sm">{field.label}</Text>
                {field.custom && (
                  <Text size="xs" c="dimmed">
                    {field.bitrix}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <NativeSelect
                  size="xs"
                  aria-label={t('fieldAccess.accessOf', { field: field.label })}
                  data={options}
                  value={chosen[field.name] ?? 'visible'}
                  onChange={(event) => onChange(withFieldAccess(permissions, typeName, field.name, event.currentTarget.value as 'visible' | 'hidden' | 'readOnly'))}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
