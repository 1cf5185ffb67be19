import { CloseButton, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  /** The search in the URL. */
  value: string | undefined;
  onChange: (value: string) => void;
  placeholder: string;
}

/** The list's quick search: typed freely, sent to the URL (and the server) once the typing pauses. */
export function QuickSearch({ value, onChange, placeholder }: Props) {
  const { t } = useTranslation('items');
  const [text, setText] = useState(value ?? '');
  const [seen, setSeen] = useState(value);
  // A preset or "clear" changed the URL: show what it says.
  if (seen !== value) {
    setSeen(value);
    setText(value ?? '');
  }
  const send = useDebouncedCallback((next: string) => onChange(next), 400);

  return (
    <TextInput
      aria-label={t('toolbar.search')}
      placeholder={placeholder}
      leftSection={<IconSearch size={16} aria-hidden />}
      value={text}
      maxLength={200}
      onChange={(event) => {
        setText(event.currentTarget.value);
        send(event.currentTarget.value);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter') send.flush();
      }}
      rightSection={
        text ? (
          <CloseButton
            size="sm"
            aria-label={t('toolbar.clearSearch')}
            onClick={() => {
              send.cancel();
              setText('');
              onChange('');
            }}
          />
        ) : null
      }
    />
  );
}
