import { Group, Select, Text } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { usePipelines } from '../../api/hooks';

/** The deal pipeline the board shows ("Funil: Geral"), when there is more than one to choose from. */
export function PipelineSwitcher({ value, onChange }: { value: number | null; onChange: (pipelineId: number) => void }) {
  const { t } = useTranslation('kanban');
  const id = useId();
  const pipelines = usePipelines().data ?? [];
  if (pipelines.length < 2) return null;
  const ordered = [...pipelines].sort((a, b) => a.sort - b.sort || a.id - b.id);
  return (
    <Group gap="xs" wrap="nowrap" px="md" pb="xs">
      <Text component="label" htmlFor={id} size="sm" fw={500}>
        {t('pipeline')}
      </Text>
      <Select
        id={id}
        size="xs"
        w={{ base: '100%', xs: 240 }}
        data={ordered.map((pipeline) => ({ value: String(pipeline.id), label: pipeline.name }))}
        value={value === null ? null : String(value)}
        onChange={(next) => next !== null && onChange(Number(next))}
        allowDeselect={false}
        comboboxProps={{ withinPortal: true }}
      />
    </Group>
  );
}
