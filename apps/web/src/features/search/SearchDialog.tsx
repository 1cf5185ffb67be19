import { Loader, Modal, Stack, TextInput, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBoundary } from '../../components/ErrorBoundary';
import { ErrorNotice } from '../../components/ErrorNotice';
import { moveActive, searchGroups, type SearchOption } from './search-options';
import { SearchKeys } from './SearchKeys';
import { SearchResults } from './SearchResults';
import { SearchStatus } from './SearchStatus';
import classes from './SearchDialog.module.css';
import { minimumQueryLength, useGlobalSearch } from './useGlobalSearch';

/**
 * Global search (Ctrl+K, /): finds items of every type as the user types, grouped by type; ↑/↓ move, Enter opens the
 * card, Escape closes. Full screen on a phone.
 */
export function SearchDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation('search');
  const phone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const [text, setText] = useState('');
  const close = () => {
    setText('');
    onClose();
  };

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t('title')}
      closeButtonProps={{ 'aria-label': t('common:actions.close') }}
      fullScreen={phone}
      radius={phone ? 0 : 'md'}
      size="xl"
      centered={false}
      yOffset="8vh"
      transitionProps={{ transition: phone ? 'slide-up' : 'pop', duration: 120 }}
    >
      <ErrorBoundary>
        <SearchPanel text={text} onText={setText} onClose={close} phone={phone} />
      </ErrorBoundary>
    </Modal>
  );
}

function SearchPanel({ text, onText, onClose, phone }: { text: string; onText: (text: string) => void; onClose: () => void; phone: boolean }) {
  const { t } = useTranslation('search');
  const navigate = useNavigate();
  const search = useGlobalSearch(text);
  const baseId = useId();
  const listboxId = `${baseId}-results`;
  const optionId = (key: string) => `${baseId}-${key.replace(':', '-')}`;

  const result = search.enabled ? search.data : undefined;
  const groups = result ? searchGroups(result.answer) : [];
  const options = groups.flatMap((group) => group.options);
  // The first result is active until the user moves; new results (another text) start again from the first.
  const [chosen, setChosen] = useState<{ query: string; key: string | null } | null>(null);
  const chosenKey = chosen && chosen.query === result?.query ? chosen.key : null;
  const active = options.find((option) => option.key === chosenKey) ?? options[0] ?? null;
  const activeId = active ? optionId(active.key) : undefined;
  const choose = (key: string | null) => setChosen({ query: result?.query ?? '', key });
  const hitCount = options.filter((option) => option.kind === 'hit').length;

  useEffect(() => {
    if (activeId) document.getElementById(activeId)?.scrollIntoView({ block: 'nearest' });
  }, [activeId]);

  const open = (option: SearchOption) => {
    onClose();
    if (option.kind === 'hit') void navigate({ to: '/$type/$id', params: { type: option.plural, id: option.hit.id } });
    else void navigate({ to: '/$type', params: { type: option.plural }, search: { view: 'list', q: result?.query } });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      choose(moveActive(options, active?.key ?? null, event.key === 'ArrowDown' ? 1 : -1));
    } else if (event.key === 'Enter' && active) {
      event.preventDefault();
      open(active);
    }
  };

  const trimmed = text.trim();
  const busy = trimmed.length >= minimumQueryLength && (search.settling || search.isFetching);
  let body;
  if (trimmed === '') body = <SearchStatus state="hint" query="" />;
  else if (!search.enabled && !search.settling) body = <SearchStatus state="tooShort" query={trimmed} />;
  else if (search.isError && !result) body = <ErrorNotice error={search.error} onRetry={() => void search.refetch()} />;
  else if (result && groups.length === 0 && !busy) body = <SearchStatus state="empty" query={result.query} />;
  else if (result)
    body = <SearchResults id={listboxId} groups={groups} activeKey={active?.key ?? null} query={result.query} optionId={optionId} onActivate={choose} onOpen={open} />;

  return (
    <Stack gap="sm">
      <TextInput
        value={text}
        onChange={(event) => onText(event.currentTarget.value)}
        onKeyDown={onKeyDown}
        data-autofocus
        size="md"
        type="search"
        placeholder={t('placeholder')}
        aria-label={t('inputLabel')}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={options.length > 0}
        aria-controls={options.length > 0 ? listboxId : undefined}
        aria-activedescendant={activeId}
        autoComplete="off"
        spellCheck={false}
        maxLength={200}
        leftSection={<IconSearch size={18} aria-hidden />}
        rightSection={busy ? <Loader size={16} aria-hidden /> : undefined}
      />
      <VisuallyHidden role="status" aria-live="polite">
        {result && !busy ? (groups.length === 0 ? t('noResults', { query: result.query }) : t('found', { count: hitCount })) : ''}
      </VisuallyHidden>
      <div className={classes.scroller} style={{ maxHeight: phone ? 'calc(100dvh - 130px)' : '60vh' }}>
        {body}
      </div>
      <SearchKeys />
    </Stack>
  );
}
