import { Combobox, Loader, Pill, PillsInput, Text, useCombobox } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { SearchAnswer } from '../../api/types';
import type { ItemRef, ItemTypeName } from '../activities/api';

interface Props {
  label: string;
  value: ItemRef[];
  onChange: (value: ItemRef[]) => void;
  /** One item (a filter) or any number (a task's links). */
  multiple?: boolean;
  placeholder?: string;
  description?: string;
  error?: string;
  disabled?: boolean;
}

const optionKey = (item: Pick<ItemRef, 'type' | 'id'>) => `${item.type}:${item.id}`;

/**
 * Picks leads, contacts, companies and deals by what the user types, through the global search (GET /search): the
 * hits come grouped by type, each with its subtitle (e-mail, phone, company) to tell namesakes apart.
 */
export function ItemSearchPicker({ label, value, onChange, multiple = false, placeholder, description, error, disabled }: Props) {
  const { t } = useTranslation('tasks');
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const results = useQuery({
    queryKey: ['item-search-picker', debounced],
    queryFn: ({ signal }) => api.get<SearchAnswer>('/search', { q: debounced, limit: 8 }, signal),
    enabled: debounced.length > 0,
    staleTime: 10_000,
  });
  const chosen = new Set(value.map(optionKey));
  const hits = (results.data?.groups ?? []).flatMap((group) => group.items.map((hit) => ({ ...hit, type: group.type as ItemTypeName })));

  const pick = (key: string) => {
    const hit = hits.find((candidate) => optionKey(candidate) === key);
    if (!hit) return;
    const item: ItemRef = { type: hit.type, id: hit.id, title: hit.title };
    if (multiple) onChange(chosen.has(key) ? value.filter((v) => optionKey(v) !== key) : [...value, item]);
    else {
      onChange([item]);
      combobox.closeDropdown();
    }
    setSearch('');
  };

  return (
    <Combobox store={combobox} onOptionSubmit={pick} withinPortal>
      <Combobox.DropdownTarget>
        <PillsInput label={label} description={description} error={error} disabled={disabled} onClick={() => combobox.openDropdown()} rightSection={results.isFetching ? <Loader size={14} /> : undefined}>
          <Pill.Group>
            {value.map((item) => (
              <Pill key={optionKey(item)} withRemoveButton={!disabled} onRemove={() => onChange(value.filter((v) => optionKey(v) !== optionKey(item)))} removeButtonProps={{ 'aria-label': t('picker.remove', { title: item.title }) }}>
                {t(`common:types.${item.type}`)} · {item.title}
              </Pill>
            ))}
            {(multiple || value.length === 0) && (
              <Combobox.EventsTarget>
                <PillsInput.Field
                  value={search}
                  aria-label={label}
                  placeholder={value.length === 0 ? (placeholder ?? t('picker.placeholder')) : undefined}
                  disabled={disabled}
                  onFocus={() => combobox.openDropdown()}
                  onBlur={() => combobox.closeDropdown()}
                  onChange={(event) => {
                    setSearch(event.currentTarget.value);
                    combobox.openDropdown();
                    combobox.updateSelectedOptionIndex();
                  }}
                  onKeyDown={(event) => {
                    if (event.key === 'Backspace' && search === '' && value.length > 0) onChange(value.slice(0, -1));
                  }}
                />
              </Combobox.EventsTarget>
            )}
          </Pill.Group>
        </PillsInput>
      </Combobox.DropdownTarget>
      <Combobox.Dropdown hidden={debounced.length === 0}>
        <Combobox.Options mah={300} style={{ overflowY: 'auto' }} aria-label={label}>
          {(results.data?.groups ?? []).map((group) => (
            <Combobox.Group key={group.type} label={t(`common:types.${group.type === 'company' ? 'companies' : `${group.type}s`}`)}>
              {group.items.map((hit) => {
                const key = optionKey({ type: group.type as ItemTypeName, id: hit.id });
                return (
                  <Combobox.Option value={key} key={key} active={chosen.has(key)}>
                    <Text size="sm">{hit.title}</Text>
                    {hit.subtitle && (
                      <Text size="xs" c="dimmed">
                        {hit.subtitle}
                      </Text>
                    )}
                  </Combobox.Option>
                );
              })}
            </Combobox.Group>
          ))}
          {results.isSuccess && hits.length === 0 && <Combobox.Empty>{t('picker.nothing')}</Combobox.Empty>}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
