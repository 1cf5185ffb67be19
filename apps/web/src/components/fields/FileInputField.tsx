import { Anchor, Button, FileButton, Group, Input, Stack, Text, ActionIcon } from '@mantine/core';
import { IconPaperclip, IconX } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { request } from '../../api/client';
import { api } from '../../api/client';
import { errorMessage } from '../../lib/errors';

interface Props {
  label: string;
  value: number | number[] | null;
  onChange: (value: number | number[] | null) => void;
  multiple?: boolean;
  error?: string;
  required?: boolean;
}

/** A file custom field: upload (POST /api/v1/files) gives the id the field holds; each file downloads by its name. */
export function FileInputField({ label, value, onChange, multiple, error, required }: Props) {
  const { t } = useTranslation();
  const ids = Array.isArray(value) ? value : value === null || value === undefined ? [] : [value];
  const upload = useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file);
      return request<{ id: number }>('POST', '/files', { body: form });
    },
    onSuccess: (file) => onChange(multiple ? [...ids, file.id] : file.id),
  });
  return (
    <Input.Wrapper label={label} error={error ?? (upload.error ? errorMessage(upload.error, t) : undefined)} required={required}>
      <Stack gap={4} mt={4}>
        {ids.map((id) => (
          <Group key={id} gap={6} wrap="nowrap">
            <IconPaperclip size={14} aria-hidden />
            <FileName id={id} />
            <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t('fields.removeValue', { label })} onClick={() => onChange(multiple ? ids.filter((x) => x !== id) : null)}>
              <IconX size={14} aria-hidden />
            </ActionIcon>
          </Group>
        ))}
        {ids.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('fields.noFile')}
          </Text>
        )}
        {(multiple || ids.length === 0) && (
          <FileButton onChange={(file) => file && upload.mutate(file)}>
            {(props) => (
              <Button {...props} variant="light" size="compact-sm" loading={upload.isPending} style={{ alignSelf: 'flex-start' }}>
                {t('actions.upload')}
              </Button>
            )}
          </FileButton>
        )}
      </Stack>
    </Input.Wrapper>
  );
}

function FileName({ id }: { id: number }) {
  const file = useQuery({ queryKey: ['file', id], queryFn: () => api.get<{ name: string }>(`/files/${id}`), staleTime: Infinity });
  return (
    <Anchor href={`/api/v1/files/${id}/content`} size="sm" download={file.data?.name}>
      {file.data?.name ?? `#${id}`}
    </Anchor>
  );
}
