import { Combobox, Textarea, useCombobox } from '@mantine/core';
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useUsers } from '../../api/hooks';
import type { UserSummary } from '../../api/types';

interface Props {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** Ctrl+Enter (⌘+Enter). */
  onSubmit?: () => void;
  placeholder?: string;
  description?: string;
  error?: string;
  autoFocus?: boolean;
  disabled?: boolean;
}

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** The `@…` being typed just before the caret: where its `@` is and what follows it (up to two words). */
export function mentionQuery(text: string, caret: number): { start: number; text: string } | null {
  const before = text.slice(0, caret);
  const match = /(?:^|\s)@([\p{L}\p{N}._-]*(?: [\p{L}\p{N}._-]*)?)$/u.exec(before);
  if (!match) return null;
  return { start: caret - match[1].length - 1, text: match[1] };
}

/** The users a text mentions: each active one whose `@Name` it holds. */
export function mentionedIds(text: string, users: readonly UserSummary[]): number[] {
  const folded = fold(text);
  return users.filter((user) => user.isActive !== false && user.name && folded.includes(`@${fold(user.name)}`)).map((user) => user.id);
}

/**
 * A text area where `@` opens the user directory: typing filters it by name or e-mail, the arrows and Enter (or a
 * click) put `@Name` in the text. Who is mentioned is read from the text when it is sent (mentionedIds).
 */
export function MentionTextarea({ label, value, onChange, onSubmit, placeholder, description, error, autoFocus, disabled }: Props) {
  const { t } = useTranslation('card');
  const users = useUsers().data ?? [];
  const area = useRef<HTMLTextAreaElement>(null);
  const caretAfterChange = useRef<number | null>(null);
  const [query, setQuery] = useState<{ start: number; text: string } | null>(null);
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });

  const needle = query ? fold(query.text) : '';
  const matches = query
    ? users
        .filter((user) => user.isActive !== false)
        .filter((user) => fold(user.name || '').includes(needle) || fold(user.email).startsWith(needle))
        .slice(0, 8)
    : [];
  // A space ends the search once nobody's name goes on with it: "@Ana disse" is text.
  const open = query !== null && (matches.length > 0 || !query.text.includes(' '));
  const matchKey = matches.map((user) => user.id).join(',');
  useEffect(() => {
    if (!open) {
      combobox.closeDropdown();
      return;
    }
    combobox.openDropdown();
    // The first name is highlighted, so Enter takes it; once nobody matches, Enter is a new line again.
    if (matchKey) requestAnimationFrame(() => combobox.selectFirstOption());
    else combobox.resetSelectedOption();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the store's functions are stable enough; only what is shown matters
  }, [open, matchKey]);

  const follow = (text: string, caret: number) => {
    const next = mentionQuery(text, caret);
    setQuery(next);
  };

  const insert = (id: string) => {
    const user = users.find((candidate) => String(candidate.id) === id);
    const element = area.current;
    if (!user || !query || !element) return;
    const caret = element.selectionStart ?? value.length;
    const inserted = `@${user.name || user.email} `;
    const text = value.slice(0, query.start) + inserted + value.slice(caret);
    onChange(text);
    setQuery(null);
    caretAfterChange.current = query.start + inserted.length;
  };

  // The caret goes after the inserted name as soon as the text holds it, before the next key is typed.
  useLayoutEffect(() => {
    const element = area.current;
    const position = caretAfterChange.current;
    if (element === null || position === null) return;
    caretAfterChange.current = null;
    element.focus();
    element.setSelectionRange(position, position);
  }, [value]);

  const keyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      onSubmit?.();
    } else if (event.key === 'Escape' && query) {
      event.stopPropagation();
      setQuery(null);
    } else if (event.key === 'Enter' && open && matches.length > 0 && combobox.getSelectedOptionIndex() === -1) {
      // Before the first name is highlighted (a fast typist), Enter still takes it rather than starting a new line.
      event.preventDefault();
      insert(String(matches[0].id));
    } else if (event.key === 'Tab' && open && matches.length > 0) {
      // Tab takes the highlighted name, as in chat apps.
      event.preventDefault();
      const index = Math.max(combobox.getSelectedOptionIndex(), 0);
      insert(String(matches[index]?.id ?? matches[0].id));
    }
  };

  return (
    <Combobox store={combobox} onOptionSubmit={insert} position="bottom-start" withinPortal keepMounted={false} width={280}>
      <Combobox.Target withAriaAttributes={false}>
        <Textarea
          ref={area}
          label={label}
          description={description}
          placeholder={placeholder}
          value={value}
          error={error}
          autoFocus={autoFocus}
          disabled={disabled}
          autosize
          minRows={2}
          maxRows={12}
          maxLength={10_000}
          onChange={(event) => {
            onChange(event.currentTarget.value);
            follow(event.currentTarget.value, event.currentTarget.selectionStart ?? event.currentTarget.value.length);
          }}
          onClick={(event) => follow(event.currentTarget.value, event.currentTarget.selectionStart ?? 0)}
          onKeyDown={keyDown}
          onBlur={() => setQuery(null)}
        />
      </Combobox.Target>
      <Combobox.Dropdown>
        <Combobox.Options aria-label={t('timeline.comment.mentions')}>
          {matches.length === 0 ? (
            <Combobox.Empty>{t('timeline.comment.noMatch')}</Combobox.Empty>
          ) : (
            matches.map((user) => (
              // Keep the focus in the text while a name is clicked.
              <Combobox.Option key={user.id} value={String(user.id)} onMouseDown={(event) => event.preventDefault()}>
                {user.name || user.email}
              </Combobox.Option>
            ))
          )}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
