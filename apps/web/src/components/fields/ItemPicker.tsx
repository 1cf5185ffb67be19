import { Combobox, Loader, Pill, PillsInput, useCombobox } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useTypes } from '../../api/hooks';
import { itemTitle, useItemTitle } from '../../api/titles';
import type { SearchAnswer, TypeMeta } from '../../api/types';

interface Props {
  /** The type picked from (`company`). */
  typeName: string;
  label?: string;
  value: number | number[] | null;
  onChange: (value: number | number[] | null) => void;
  multiple?: boolean;
  error?: string;
  required?: boolean;
  disabled?: boolean;
  autoFocus?: boolean;
  'aria-label'?: string;
}

/** Picks items of one type as you type their name (or phone, e-mail) through the global search; links show titles. */
export function ItemPicker({ typeName, label, value, onChange, multiple, error, required, disabled, autoFocus, ...rest }: Props) {
  const { t } = useTranslation();
  const type = useTypes().data?.find((candidate) => candidate.name === typeName);
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 200);
  const ids = Array.isArray(value) ? value : value === null || value === undefined ? [] : [value];

  const results = useQuery({
    queryKey: ['item-picker', typeName, debounced],
    queryFn: () => findItems(type!, debounced),
    enabled: Boolean(type) && combobox.dropdownOpened,
    staleTime: 10_000,
  });

  const pick = (id: number) => {
    if (multiple) onChange(ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]);
    else onChange(id);
    setSearch('');
    if (!multiple) combobox.closeDropdown();
  };

  return (
    <Combobox store={combobox} onOptionSubmit={(v) => pick(Number(v))} withinPortal>
      <Combobox.DropdownTarget>
        <PillsInput label={label} error={error} required={required} disabled={disabled} onClick={() => combobox.openDropdown()} rightSection={results.isFetching ? <Loader size={14} /> : undefined}>
          <Pill.Group>
            {ids.map((id) => (
              <Pill key={id} withRemoveButton={!disabled} onRemove={() => onChange(multiple ? ids.filter((x) => x !== id) : null)}>
                <PickedTitle typeName={typeName} id={id} />
              </Pill>
            ))}
            {(multiple || ids.length === 0) && (
              <Combobox.EventsTarget>
                <PillsInput.Field
                  value={search}
                  aria-label={rest['aria-label'] ?? label}
                  placeholder={ids.length === 0 ? t('fields.pickItem') : undefined}
                  autoFocus={autoFocus}
                  onFocus={() => combobox.openDropdown()}
                  onBlur={() => combobox.closeDropdown()}
                  onChange={(event) => {
                    setSearch(event.currentTarget.value);
                    combobox.openDropdown();
                    combobox.updateSelectedOptionIndex();
                  }}
                  onKeyDown={(event) => {
                    if (event.key === 'Backspace' && search === '' && ids.length > 0) onChange(multiple ? ids.slice(0, -1) : null);
                  }}
                />
              </Combobox.EventsTarget>
            )}
          </Pill.Group>
        </PillsInput>
      </Combobox.DropdownTarget>
      <Combobox.Dropdown>
        <Combobox.Options mah={260} style={{ overflowY: 'auto' }}>
          {(results.data ?? []).map((hit) => (
            <Combobox.Option value={String(hit.id)} key={hit.id} active={ids.includes(hit.id)}>
              {hit.title}
              {hit.subtitle && (
                <span style={{ color: 'var(--mantine-color-dimmed)', fontSize: 12, display: 'block' }}>{hit.subtitle}</span>
              )}
            </Combobox.Option>
          ))}
          {results.data?.length === 0 && <Combobox.Empty>{t('state.none')}</Combobox.Empty>}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}

function PickedTitle({ typeName, id }: { typeName: string; id: number }) {
  return <>{useItemTitle(typeName, id).data ?? `#${id}`}</>;
}

/** With text: the global search on this type; without: the newest items. */
async function findItems(type: TypeMeta, text: string): Promise<Array<{ id: number; title: string; subtitle: string | null }>> {
  if (text.length > 0) {
    const answer = await api.get<SearchAnswer>('/search', { q: text, types: type.name, limit: 20 });
    return answer.groups.flatMap((group) => group.items);
  }
  const page = await api.get<{ items: Array<Record<string, unknown> & { id: number }> }>(`/${type.plural}`, { fields: ['id', ...type.titleFields].join(','), sort: '-id', limit: 20, total: 'false' });
  return page.items.map((item) => ({ id: item.id, title: itemTitle(type, item), subtitle: null }));
}
