import { Select, Text } from '@mantine/core';
import { usePipelines } from '../../api/hooks';

/** A deal's pipeline (funil) by name. */
export function PipelineName({ id }: { id: unknown }) {
  const pipeline = usePipelines().data?.find((candidate) => candidate.id === id);
  return (
    <Text span size="sm">
      {pipeline?.name ?? (typeof id === 'number' ? `#${id}` : '—')}
    </Text>
  );
}

interface PipelineSelectProps {
  label?: string;
  'aria-label'?: string;
  value: number | null;
  onChange: (value: number | null) => void;
  error?: string;
  required?: boolean;
  autoFocus?: boolean;
}

/** Picks a deal pipeline (on create: a deal's pipeline is fixed afterwards). */
export function PipelineSelect({ value, onChange, ...props }: PipelineSelectProps) {
  const pipelines = usePipelines().data ?? [];
  return (
    <Select
      {...props}
      data={pipelines.map((pipeline) => ({ value: String(pipeline.id), label: pipeline.name }))}
      value={value === null ? null : String(value)}
      onChange={(v) => onChange(v === null ? null : Number(v))}
      allowDeselect={false}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
